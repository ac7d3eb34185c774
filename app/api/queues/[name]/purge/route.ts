import { purgeSchema, queueNameSchema } from '@/lib/queues/schemas';
import { purgeDlq } from '@/server/data/dlq-redrive';
import { operatorRoute } from '@/server/data/operator-route';
import { readJsonBody } from '@/server/data/redrives';

export const POST = operatorRoute({ kind: 'change', audit: { action: 'purge', queues: (p) => [queueNameSchema.parse(p.name)] } }, async ({ request, params, actor }) => {
  const queueName = queueNameSchema.parse(params.name);
  const { confirmName } = purgeSchema.parse(await readJsonBody(request));
  await purgeDlq({ queueName, confirmName }, actor);
  return { purged: queueName };
});
