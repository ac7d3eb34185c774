import { queueNameSchema, startRedriveSchema } from '@/lib/queues/schemas';
import { getDlqRedriveState, planRedrive, startRedrive } from '@/server/data/dlq-redrive';
import { authorise, readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => getDlqRedriveState(queueNameSchema.parse((await params).name)));
}

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const dlqName = queueNameSchema.parse((await params).name);
    const body = startRedriveSchema.parse(await readJsonBody(request));
    if (body.dryRun) return { plan: await planRedrive({ dlqName, destinationName: body.destinationName }) };
    const actor = await authorise(request, 'redrive-all', [dlqName]);
    return { job: await startRedrive({ dlqName, ...body }, actor) };
  });
}
