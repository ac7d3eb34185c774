import { z } from 'zod';
import { queueNameSchema, resendSchema } from '@/lib/queues/schemas';
import { editAndResend } from '@/server/data/dlq-resend';
import { operatorRoute } from '@/server/data/operator-route';
import { readJsonBody } from '@/server/data/redrives';

/** Edit and resend one dead letter: operator-only, same-origin JSON, audited with the diff. */
export const POST = operatorRoute({ kind: 'change', audit: { action: 'edit-resend', queues: (p) => [queueNameSchema.parse(p.name)] } }, async ({ request, params, actor }) => {
  const dlqName = queueNameSchema.parse(params.name);
  const messageId = z.string().min(1).max(200).parse(params.messageId);
  const body = resendSchema.parse(await readJsonBody(request));
  return editAndResend({ dlqName, messageId, ...body }, actor);
});
