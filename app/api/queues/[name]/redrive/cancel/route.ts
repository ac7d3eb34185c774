import { queueNameSchema } from '@/lib/queues/schemas';
import { cancelRedrive } from '@/server/data/dlq-redrive';
import { authorise } from '@/server/data/redrives';
import { jsonRoute } from '@/server/data/respond';

export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const dlqName = queueNameSchema.parse((await params).name);
    const actor = await authorise(request, 'cancel-redrive', [dlqName]);
    return { job: (await cancelRedrive(dlqName, actor)) ?? null };
  });
}
