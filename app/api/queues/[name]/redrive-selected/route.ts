import { queueNameSchema, redriveSelectedSchema } from '@/lib/queues/schemas';
import { redriveSelectedMessages } from '@/server/data/dlq-redrive';
import { authorise, readJsonBody } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const dlqName = queueNameSchema.parse((await params).name);
    const actor = await authorise(request, 'redrive-selected', [dlqName]);
    const body = redriveSelectedSchema.parse(await readJsonBody(request));
    return { outcomes: await redriveSelectedMessages({ dlqName, ...body }, actor) };
  });
}
