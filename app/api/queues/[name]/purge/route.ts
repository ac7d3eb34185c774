import { purgeSchema, queueNameSchema } from '@/lib/queues/schemas';
import { purgeDlq } from '@/server/data/dlq-redrive';
import { authorise, readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const queueName = queueNameSchema.parse((await params).name);
    const actor = await authorise(request, 'purge', [queueName]);
    const { confirmName } = purgeSchema.parse(await readJsonBody(request));
    await purgeDlq({ queueName, confirmName }, actor);
    return { purged: queueName };
  });
}
