import { queueNameSchema, startRedriveSchema } from '@/lib/queues/schemas';
import { getDlqRedriveState, planRedrive, startRedrive } from '@/server/data/dlq-redrive';
import { operatorRoute } from '@/server/data/operator-route';
import { readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => getDlqRedriveState(queueNameSchema.parse((await params).name)));
}

/** Starts "redrive all", or with `dryRun` plans it: the plan is the redrive dialog's, an operator's too. */
export const POST = operatorRoute({ kind: 'change', audit: { action: 'redrive-all', queues: (p) => [queueNameSchema.parse(p.name)] } }, async ({ request, params, actor }) => {
  const dlqName = queueNameSchema.parse(params.name);
  const body = startRedriveSchema.parse(await readJsonBody(request));
  if (body.dryRun) return { plan: await planRedrive({ dlqName, destinationName: body.destinationName }) };
  return { job: await startRedrive({ dlqName, ...body }, actor) };
});
