import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { filterParamsSchema, parseFilter } from '@/lib/streams/filter';
import { parsePosition } from '@/lib/streams/position';
import { errorResponse } from '@/server/data/respond';
import { DEFAULT_EVENTS_PER_SECOND, openEventStream } from '@/server/data/stream-events';

export const dynamic = 'force-dynamic';

const querySchema = filterParamsSchema.extend({
  start: z.string().optional(),
  cap: z.coerce.number().int().min(1).max(10_000).optional(),
  lastEventId: z.string().optional(),
});

/** Server-Sent Events: the table's live tail, filtered (`type`, `key`, `where`, `q`), from `start`. */
export async function GET(request: Request, { params }: { params: Promise<{ table: string }> }) {
  try {
    const { table } = await params;
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const filter = parseFilter(query);
    if (!filter.ok) throw new AppError('invalid', filter.message);
    const position = parsePosition(query.start);
    if (!position.ok) throw new AppError('invalid', position.message);
    const body = openEventStream({
      table,
      filter: filter.value,
      position: position.value,
      lastEventId: request.headers.get('last-event-id') ?? query.lastEventId,
      capPerSecond: query.cap ?? DEFAULT_EVENTS_PER_SECOND,
      signal: request.signal,
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        // no-transform: Next's compression would otherwise buffer the stream.
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
