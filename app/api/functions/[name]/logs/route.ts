import { z } from 'zod';
import { functionLogQuerySchema } from '@/lib/types/logs';
import { getFunctionLogs } from '@/server/data/logs';
import { jsonRoute } from '@/server/data/respond';

const paramsSchema = z.object({ name: z.string().regex(/^[A-Za-z0-9_-]{1,140}$/, 'not a function name') });

export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const { name } = paramsSchema.parse(await params);
    const search = new URL(request.url).searchParams;
    return getFunctionLogs(name, functionLogQuerySchema.parse(Object.fromEntries(search)));
  });
}
