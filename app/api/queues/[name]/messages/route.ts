import { browseQuerySchema, queueNameSchema } from '@/lib/queues/schemas';
import { browseQueue } from '@/server/data/dlq';
import { jsonRoute } from '@/server/data/respond';

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const name = queueNameSchema.parse((await params).name);
    const query = browseQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return browseQueue(name, query);
  });
}
