'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchJson } from '../fetch-json';
import { withEnvironment } from '../environments/path';
import {
  capNoticeSchema,
  historyPageSchema,
  streamEventSchema,
  streamSummariesSchema,
  tailStatusSchema,
  type CapNotice,
  type StreamEvent,
  type StreamSummary,
  type TailStatus,
} from '../types/streams';

/** The live view's URL parameters (filters and start position), every one a query input. */
export interface StreamViewParams {
  type?: string;
  key?: string;
  where?: string;
  q?: string;
  start?: string;
}

export const streamKeys = {
  all: ['streams'] as const,
  list: () => [...streamKeys.all, 'list'] as const,
  event: (table: string, eventId: string) => [...streamKeys.all, table, 'event', eventId] as const,
  history: (table: string, params: StreamViewParams) => [...streamKeys.all, table, 'history', params] as const,
};

/** Every table with a stream, refreshed every 5 s. */
export function useStreams(initialData?: StreamSummary[]) {
  return useQuery({
    queryKey: streamKeys.list(),
    queryFn: ({ signal }) => fetchJson('/api/streams', { signal }, streamSummariesSchema),
    refetchInterval: 5_000,
    initialData,
  });
}

/** One event by its eventID, from the tail's ring, when the browser no longer holds it. */
export function useStreamEvent(table: string, eventId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: streamKeys.event(table, eventId ?? ''),
    queryFn: ({ signal }) => fetchJson(`/api/streams/${encodeURIComponent(table)}/events/${encodeURIComponent(eventId ?? '')}`, { signal }, streamEventSchema),
    enabled: enabled && Boolean(eventId),
    staleTime: Infinity,
  });
}

function queryString(params: StreamViewParams, extra: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, ...extra })) if (v) search.set(k, v);
  return search.toString();
}

/** Fetches one page of the older-range read; the caller pages on with `next`. */
export function fetchStreamHistory(table: string, params: StreamViewParams, after?: string) {
  return fetchJson(`/api/streams/${encodeURIComponent(table)}/history?${queryString(params, { after, limit: '200' })}`, {}, historyPageSchema);
}

/** The browser keeps at most this many events; older ones drop off the top. */
export const MAX_BROWSER_EVENTS = 5_000;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface LiveEvents {
  events: StreamEvent[];
  status?: TailStatus;
  connection: ConnectionState;
  cap?: CapNotice;
  notices: string[];
  /** Events received while frozen, waiting to be shown. */
  held: number;
  /** Events dropped off the top of the browser's list since the view opened. */
  dropped: number;
  /** Prepends an older-range page (oldest first) to the list. */
  prepend(events: StreamEvent[]): void;
}

/**
 * Subscribes to the table's SSE tail with the given filters and start position. Events are
 * batched into at most one render per animation frame; while `frozen`, they are held back.
 * EventSource reconnects by itself and sends Last-Event-ID, so the server resumes without gaps.
 */
export function useStreamEvents(table: string, params: StreamViewParams, frozen: boolean, enabled = true): LiveEvents {
  const qs = queryString(params);
  const subscription = `${table}?${qs}`;
  // The event buffers live in refs (appended to many times a second); what renders is the
  // snapshot published once per animation frame into `feed`, tagged with its subscription so a
  // change of table or filters shows an empty view at once, without a setState in the effect.
  const eventsRef = useRef<StreamEvent[]>([]);
  const heldRef = useRef<StreamEvent[]>([]);
  const droppedRef = useRef(0);
  /** How many events at the top of the list came from older-range pages. */
  const olderRef = useRef(0);
  const frozenRef = useRef(frozen);
  const frameRef = useRef<number | undefined>(undefined);
  const subscriptionRef = useRef(subscription);
  const [feed, setFeed] = useState<Feed>(() => emptyFeed(subscription));
  const [status, setStatus] = useState<TailStatus>();
  const current = feed.key === subscription ? feed : emptyFeed(subscription);

  /** Changes the feed of the subscription that is current when it runs. */
  const patch = useCallback((change: Partial<Feed>) => {
    setFeed((f) => ({ ...(f.key === subscriptionRef.current ? f : emptyFeed(subscriptionRef.current)), ...change }));
  }, []);

  const render = useCallback(() => {
    if (frameRef.current !== undefined) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = undefined;
      patch({ events: eventsRef.current, held: heldRef.current.length, dropped: droppedRef.current });
    });
  }, [patch]);

  const append = useCallback(
    (incoming: StreamEvent[]) => {
      let list = eventsRef.current.concat(incoming);
      if (list.length > MAX_BROWSER_EVENTS * 1.2) {
        const cut = list.length - MAX_BROWSER_EVENTS;
        droppedRef.current += cut;
        olderRef.current = Math.max(0, olderRef.current - cut);
        list = list.slice(cut);
      }
      eventsRef.current = list;
      render();
    },
    [render],
  );

  useEffect(() => {
    frozenRef.current = frozen;
    if (!frozen && heldRef.current.length > 0) {
      const held = heldRef.current;
      heldRef.current = [];
      append(held);
    } else render();
  }, [frozen, append, render]);

  useEffect(() => {
    if (!enabled) return;
    subscriptionRef.current = `${table}?${qs}`;
    eventsRef.current = [];
    heldRef.current = [];
    droppedRef.current = 0;
    olderRef.current = 0;
    const source = new EventSource(withEnvironment(`/api/streams/${encodeURIComponent(table)}/events?${qs}`));
    source.addEventListener('open', () => patch({ connection: 'open' }));
    source.addEventListener('error', () => patch({ connection: source.readyState === EventSource.CLOSED ? 'connecting' : 'reconnecting' }));
    source.addEventListener('events', (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as { events: StreamEvent[] };
      if (data.events.length === 0) return;
      if (frozenRef.current) {
        heldRef.current = heldRef.current.concat(data.events);
        render();
      } else append(data.events);
    });
    source.addEventListener('status', (message) => {
      const parsed = tailStatusSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
      if (parsed.success) setStatus(parsed.data);
    });
    source.addEventListener('cap', (message) => {
      const parsed = capNoticeSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
      if (parsed.success) patch({ cap: parsed.data });
    });
    source.addEventListener('gap', (message) => {
      const data = JSON.parse((message as MessageEvent<string>).data) as { message: string };
      setFeed((f) => (f.key === subscriptionRef.current ? { ...f, notices: [...f.notices.slice(-4), data.message] } : { ...emptyFeed(subscriptionRef.current), notices: [data.message] }));
    });
    return () => {
      source.close();
      if (frameRef.current !== undefined) cancelAnimationFrame(frameRef.current);
      frameRef.current = undefined;
    };
  }, [table, qs, enabled, append, render, patch]);

  // A cap notice describes one second: it fades when the stream is under the cap again.
  const cap = current.cap;
  useEffect(() => {
    if (!cap) return;
    const timer = setTimeout(() => patch({ cap: undefined }), 3_000);
    return () => clearTimeout(timer);
  }, [cap, patch]);

  const prepend = useCallback(
    (older: StreamEvent[]) => {
      // Pages come oldest first, each newer than the last: each goes after the pages before it.
      const known = new Set(eventsRef.current.map((e) => e.eventID));
      const fresh = older.filter((e) => !known.has(e.eventID));
      const at = olderRef.current;
      eventsRef.current = eventsRef.current.slice(0, at).concat(fresh, eventsRef.current.slice(at));
      olderRef.current += fresh.length;
      render();
    },
    [render],
  );

  return {
    events: current.events,
    status,
    connection: current.connection,
    cap: current.cap,
    notices: current.notices,
    held: current.held,
    dropped: current.dropped,
    prepend,
  };
}

/** What the live view shows of one subscription (a table and its filters). */
interface Feed {
  key: string;
  events: StreamEvent[];
  held: number;
  dropped: number;
  connection: ConnectionState;
  cap?: CapNotice;
  notices: string[];
}

function emptyFeed(key: string): Feed {
  return { key, events: [], held: 0, dropped: 0, connection: 'connecting', notices: [] };
}
