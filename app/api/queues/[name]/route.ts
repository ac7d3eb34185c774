import { queueNameSchema } from '@/lib/queues/schemas';
import { getQueueDetail } from '@/server/data/queues';
import { jsonRoute } from '@/server/data/respond';

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => getQueueDetail(queueNameSchema.parse((await params).name)));
}
