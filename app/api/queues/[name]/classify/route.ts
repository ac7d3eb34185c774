import { queueNameSchema } from '@/lib/queues/schemas';
import { classifyDlq } from '@/server/data/dlq-redrive';
import { jsonRoute } from '@/server/data/respond';

/** The dead letters of a DLQ classified before a redrive: stale, gone, duplicate, current, unknown. */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => ({ classification: await classifyDlq(queueNameSchema.parse((await params).name)) }));
}
