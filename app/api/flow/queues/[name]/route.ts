import { z } from 'zod';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { getQueueLag } from '@/server/data/lag';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ name: z.string().min(1).max(80) });

/** A queue's oldest-message age and depth from CloudWatch over `?minutes=`. */
export function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const { name } = paramsSchema.parse(await params);
    const minutes = lagRangeSchema.parse(new URL(request.url).searchParams.get('minutes') ?? undefined);
    return getQueueLag(name, minutes);
  });
}
