import { lagRangeSchema } from '@/lib/lag/ranges';
import { queueNameSchema } from '@/lib/queues/schemas';
import { getQueueDetail } from '@/server/data/queues';
import { jsonRoute } from '@/server/data/respond';

/** A queue's figures; its charts over `?minutes=` (15, 60, 180 or 1440; default 60). */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => getQueueDetail(queueNameSchema.parse((await params).name), lagRangeSchema.parse(new URL(request.url).searchParams.get('minutes') ?? undefined)));
}
