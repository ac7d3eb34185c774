'use client';

import { useSyncExternalStore } from 'react';

// One ticking clock for every component that shows how long ago something was, running only
// while one is mounted. Components read it through useSyncExternalStore, so a render stays pure
// (no Date.now() in render) and the server's markup never depends on the time it was rendered.
let now = 0;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const clockSnapshot = () => now || (now = Date.now());
/** On the server and during hydration: no clock, so the markup cannot depend on it. */
const noClock = () => null;
const noop = () => () => {};
const inBrowser = () => true;
const onServer = () => false;

/**
 * The browser's clock, ticking every second; `null` on the server and while hydrating.
 * With `ticking` false it returns `null` and subscribes to nothing.
 */
export function useNow(ticking = true): number | null {
  return useSyncExternalStore(ticking ? subscribeClock : noop, ticking ? clockSnapshot : noClock, noClock);
}

/** Whether this render happens in the browser after hydration (false on the server and while hydrating). */
export function useHydrated(): boolean {
  return useSyncExternalStore(noop, inBrowser, onServer);
}
