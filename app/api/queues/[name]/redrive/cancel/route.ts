import { queueNameSchema } from '@/lib/queues/schemas';
import { cancelRedrive } from '@/server/data/dlq-redrive';
import { operatorRoute } from '@/server/data/operator-route';

export const POST = operatorRoute({ kind: 'change', audit: { action: 'cancel-redrive', queues: (p) => [queueNameSchema.parse(p.name)] } }, async ({ params, actor }) => {
  const dlqName = queueNameSchema.parse(params.name);
  return { job: (await cancelRedrive(dlqName, actor)) ?? null };
});
