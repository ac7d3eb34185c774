import { traceParamsSchema } from '@/lib/types/traces';
import { jsonRoute } from '@/server/data/respond';
import { getTrace } from '@/server/data/traces';

export async function GET(_request: Request, { params }: { params: Promise<{ queue: string; messageId: string }> }) {
  return jsonRoute(async () => {
    const { queue, messageId } = traceParamsSchema.parse(await params);
    return getTrace(queue, messageId);
  });
}
