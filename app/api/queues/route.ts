import { queueListQuerySchema } from '@/lib/queues/schemas';
import { listQueueRows } from '@/server/data/queues';
import { jsonRoute } from '@/server/data/respond';

export async function GET(request: Request) {
  return jsonRoute(() => listQueueRows(queueListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))));
}
