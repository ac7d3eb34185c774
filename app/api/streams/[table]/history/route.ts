import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { filterParamsSchema, matchesFilter, parseFilter } from '@/lib/streams/filter';
import { parsePosition } from '@/lib/streams/position';
import { jsonRoute } from '@/server/data/respond';
import { getStreamHistory } from '@/server/data/streams';

export const dynamic = 'force-dynamic';

const querySchema = filterParamsSchema.extend({
  start: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  after: z.string().optional(),
});

/** A bounded, paginated read of older events; the live tail is not disturbed. */
export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }) {
  return jsonRoute(async () => {
    const { table } = await params;
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const filter = parseFilter(query);
    if (!filter.ok) throw new AppError('invalid', filter.message);
    const position = parsePosition(query.start ?? 'trim_horizon');
    if (!position.ok) throw new AppError('invalid', position.message);
    const start = position.value.type === 'recent' || position.value.type === 'live' ? { type: 'trim_horizon' as const } : position.value;
    const page = await getStreamHistory(table, start, query.limit, query.after);
    return { ...page, events: page.events.filter((e) => matchesFilter(e, filter.value)) };
  });
}
