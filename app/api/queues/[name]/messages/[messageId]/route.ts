import { z } from 'zod';
import { queueNameSchema } from '@/lib/queues/schemas';
import { getQueueMessage } from '@/server/data/dlq';
import { jsonRoute } from '@/server/data/respond';

export async function GET(request: Request, { params }: { params: Promise<{ name: string; messageId: string }> }) {
  return jsonRoute(async () => {
    const { name, messageId } = await params;
    const override = new URL(request.url).searchParams.get('override') === '1';
    return getQueueMessage(queueNameSchema.parse(name), z.string().min(1).max(200).parse(messageId), { override });
  });
}
