import { queueNameSchema } from '@/lib/queues/schemas';
import { getFailureApart } from '@/server/data/dlq-apart';
import { jsonRoute } from '@/server/data/respond';

/** "What sets these failures apart": computed on the server, bounded and cached. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const name = queueNameSchema.parse((await params).name);
    return getFailureApart(name, { refresh: new URL(request.url).searchParams.get('refresh') === '1' });
  });
}
