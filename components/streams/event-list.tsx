'use client';

import { memo, useLayoutEffect, useRef, useState } from 'react';
import { formatKeys } from '@/lib/streams/attribute-value';
import { summarizeChange } from '@/lib/streams/diff';
import type { StreamEvent } from '@/lib/types/streams';
import { EventNameBadge } from './event-name-badge';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

const ROW_HEIGHT = 32;
const VIEW_HEIGHT = 520;
/** Rows rendered above and below the visible window, so fast scrolling shows no blank band. */
const OVERSCAN = 12;

const Row = memo(function Row({ event, keyNames, selected, top, onSelect }: { event: StreamEvent; keyNames: string[]; selected: boolean; top: number; onSelect: (id: string) => void }) {
  return (
    <li data-testid="event-row" data-event-id={event.eventID} className="absolute left-0 right-0" style={{ top, height: ROW_HEIGHT }}>
      <button
        type="button"
        aria-current={selected ? 'true' : undefined}
        onClick={() => onSelect(event.eventID)}
        className={`flex h-full w-full items-center gap-3 border-b border-slate-100 px-3 text-left text-xs hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50 ${selected ? 'bg-sky-50 dark:bg-sky-900/30' : ''}`}
      >
        {event.approximateCreationTime === undefined ? (
          <span className="w-28 shrink-0">
            <Unknown reason="The stream record carries no ApproximateCreationDateTime." />
          </span>
        ) : (
          <Time at={event.approximateCreationTime} format="time" className="w-28 shrink-0 font-mono tabular-nums text-slate-500" />
        )}
        <EventNameBadge name={event.eventName} />
        {event.ttlDelete && <span className="rounded bg-violet-100 px-1 text-[10px] text-violet-800 dark:bg-violet-900/50 dark:text-violet-200">TTL</span>}
        <span data-testid="event-keys" className="w-64 shrink-0 truncate font-mono">{formatKeys(event.keys, keyNames)}</span>
        <span className="truncate text-slate-600 dark:text-slate-400">{summarizeChange(event)}</span>
      </button>
    </li>
  );
});

/**
 * The live list, virtualised (only the rows in view are in the DOM), newest at the bottom. It
 * follows the head while the user is at the bottom; scrolling up pauses following and counts
 * what arrives meanwhile on an "N new events" pill.
 */
export function EventList({
  events,
  dropped,
  keyNames,
  selectedId,
  onSelect,
}: {
  events: StreamEvent[];
  /** Events already dropped off the top, so "new since" stays right as the list is trimmed. */
  dropped: number;
  keyNames: string[];
  selectedId?: string;
  onSelect: (eventId: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [following, setFollowing] = useState(true);
  const [totalWhenLeft, setTotalWhenLeft] = useState(0);
  const total = events.length + dropped;

  useLayoutEffect(() => {
    const el = ref.current;
    if (following && el) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [events, following]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
    if (atBottom !== following) {
      setFollowing(atBottom);
      if (!atBottom) setTotalWhenLeft(total);
    }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(events.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const visible = events.slice(first, last);
  const newCount = following ? 0 : total - totalWhenLeft;

  return (
    <div className="relative">
      <div ref={ref} onScroll={onScroll} className="overflow-y-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" style={{ height: VIEW_HEIGHT }} data-testid="event-list-viewport">
        {events.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">No events yet: they appear here as soon as the stream carries them.</p>
        ) : (
          <ul aria-label="Events" className="relative" style={{ height: events.length * ROW_HEIGHT }}>
            {visible.map((event, i) => (
              <Row key={`${event.cursor}:${event.eventID}`} event={event} keyNames={keyNames} selected={event.eventID === selectedId} top={(first + i) * ROW_HEIGHT} onSelect={onSelect} />
            ))}
          </ul>
        )}
      </div>
      {!following && (
        <button
          type="button"
          onClick={() => setFollowing(true)}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow hover:bg-sky-700"
        >
          {newCount > 0 ? `${newCount.toLocaleString('en-US')} new events` : 'Back to the newest'} ↓
        </button>
      )}
    </div>
  );
}
