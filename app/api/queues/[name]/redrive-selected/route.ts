import { queueNameSchema, redriveSelectedSchema } from '@/lib/queues/schemas';
import { redriveSelectedMessages } from '@/server/data/dlq-redrive';
import { operatorRoute } from '@/server/data/operator-route';
import { readJsonBody } from '@/server/data/redrives';

export const POST = operatorRoute({ kind: 'change', audit: { action: 'redrive-selected', queues: (p) => [queueNameSchema.parse(p.name)] } }, async ({ request, params, actor }) => {
  const dlqName = queueNameSchema.parse(params.name);
  const body = redriveSelectedSchema.parse(await readJsonBody(request));
  return { outcomes: await redriveSelectedMessages({ dlqName, ...body }, actor) };
});
