import { listQueueRows } from '@/server/data/queues';
import { jsonRoute } from '@/server/data/respond';

export async function GET(request: Request) {
  return jsonRoute(() => listQueueRows({ fresh: new URL(request.url).searchParams.get('fresh') === '1' }));
}
