import { z } from 'zod';
import { lagRangeSchema } from '@/lib/lag/ranges';
import { getFunctionMetrics } from '@/server/data/lag';
import { jsonRoute } from '@/server/data/respond';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ name: z.string().min(1).max(170) });

/** A function's IteratorAge, Invocations and Errors over `?minutes=` (15, 60, 180 or 1440). */
export function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return jsonRoute(async () => {
    const { name } = paramsSchema.parse(await params);
    const minutes = lagRangeSchema.parse(new URL(request.url).searchParams.get('minutes') ?? undefined);
    return getFunctionMetrics(name, minutes);
  });
}
