import { matchesFilter, type EventFilter } from '@/lib/streams/filter';
import { isAtOrAfter, type StartPosition } from '@/lib/streams/position';
import type { StreamEvent } from '@/lib/types/streams';
import type { RingBuffer } from '../../live/ring-buffer';

export interface ReplayPlan {
  /** Held events to send first, filtered, oldest first. */
  matched: StreamEvent[];
  /** The cursor of the last held event considered (what a reconnect would resume after). */
  lastCursor: number;
  /** Why part of the asked-for range is not among them, when it is not. */
  gap?: { message: string; olderRange?: true };
}

/**
 * What a new connection is sent from the tail's ring before the live events: after Last-Event-ID
 * when the ring still holds it (`<tail epoch>:<cursor>`), else from the start position.
 */
export function planReplay(ring: RingBuffer<StreamEvent>, epoch: string, position: StartPosition, filter: EventFilter, lastEventId: string | undefined): ReplayPlan {
  let replay: StreamEvent[] = [];
  let gap: ReplayPlan['gap'];
  const resume = /^([0-9a-f]+):(\d+)$/.exec(lastEventId ?? '');
  if (resume) {
    const cursor = Number(resume[2]);
    if (resume[1] === epoch && ring.holdsAfter(cursor)) replay = ring.after(cursor);
    else {
      replay = ring.all();
      gap = { message: 'Reconnected after the live tail had moved on: events sent while disconnected may be missing from this list.' };
    }
  } else if (position.type === 'recent') {
    replay = ring.all();
  } else if (position.type !== 'live') {
    const all = ring.all();
    replay = all.filter((e) => isAtOrAfter(e, position));
    const oldest = all[0];
    const held = oldest && ((position.type === 'time' && oldest.approximateCreationTime !== undefined && oldest.approximateCreationTime <= position.at) || (position.type === 'sequence' && replay.length < all.length));
    if (!held) {
      const message =
        position.type === 'trim_horizon'
          ? 'The view starts at the oldest retained record: Eddy loads it page by page from the trim horizon (“Load more older events”); below them come the recent events the live tail holds.'
          : 'The live tail holds only recent events: use “Load older events” for the part of this range before them.';
      gap = { message, olderRange: true };
    }
  }
  return {
    matched: replay.filter((e) => matchesFilter(e, filter)),
    lastCursor: replay.length > 0 ? replay[replay.length - 1].cursor : ring.lastCursor,
    gap,
  };
}
