import { z } from 'zod';
import { queueNameSchema, resendSchema } from '@/lib/queues/schemas';
import { editAndResend } from '@/server/data/dlq-resend';
import { authorise, readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

/** Edit and resend one dead letter: operator-only, same-origin JSON, audited with the diff. */
export async function POST(request: Request, { params }: { params: Promise<{ name: string; messageId: string }> }) {
  return jsonRoute(async () => {
    const { name, messageId } = await params;
    const dlqName = queueNameSchema.parse(name);
    const id = z.string().min(1).max(200).parse(messageId);
    const actor = await authorise(request, 'edit-resend', [dlqName]);
    const body = resendSchema.parse(await readJsonBody(request));
    return editAndResend({ dlqName, messageId: id, ...body }, actor);
  });
}
