import { queueNameSchema } from '@/lib/queues/schemas';
import { getRedriveChecks } from '@/server/data/dlq-redrive';
import { jsonRoute } from '@/server/data/respond';

/** What a redrive of this DLQ warns about: a consumer that failed in the last 5 minutes, copies sent but not deleted. */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => ({ checks: await getRedriveChecks(queueNameSchema.parse((await params).name)) }));
}
