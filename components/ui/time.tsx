'use client';

import { formatDateTime, formatDuration, formatRelative, formatTime } from '@/lib/format';
import { useHydrated, useNow } from './clock';

/** `relative`: "5 s ago"; `elapsed`: "5 s" since `at` (a running duration). Both need the browser's clock. */
type Format = 'time' | 'datetime' | 'relative' | 'elapsed';

/**
 * The zone to format times in where a `<Time>` element does not fit (chart ticks): UTC on the
 * server and while hydrating, the viewer's own zone (undefined) afterwards.
 */
export function useDisplayZone(): string | undefined {
  return useHydrated() ? undefined : 'UTC';
}

/**
 * A point in time, 24-hour with its zone named. The server (and the hydrating browser) render it in
 * UTC so both produce the same markup; once hydrated, the browser shows the viewer's own zone.
 * `relative` ("5 s ago") and `elapsed` depend on the clock and so are rendered in the browser only;
 * until then `relative` shows the absolute time and `elapsed` an ellipsis.
 */
export function Time({
  at,
  format = 'datetime',
  seconds,
  milliseconds,
  className,
}: {
  at: number | string;
  format?: Format;
  seconds?: boolean;
  milliseconds?: boolean;
  className?: string;
}) {
  const hydrated = useHydrated();
  const ticking = format === 'relative' || format === 'elapsed';
  const clockNow = useNow(ticking);
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  if (!Number.isFinite(ms)) return <span className={className}>—</span>;
  const zone = hydrated ? undefined : 'UTC';
  const full = formatDateTime(ms, { timeZone: zone });
  let text: string;
  if (ticking && clockNow === null) text = format === 'elapsed' ? '…' : full;
  else if (format === 'relative') text = formatRelative(ms, clockNow ?? ms);
  else if (format === 'elapsed') text = formatDuration(((clockNow ?? ms) - ms) / 1000);
  else if (format === 'time') text = formatTime(ms, { timeZone: zone, seconds, milliseconds });
  else text = formatDateTime(ms, { timeZone: zone, seconds, milliseconds });
  return (
    <time dateTime={new Date(ms).toISOString()} title={full} data-format={format} className={className}>
      {text}
    </time>
  );
}
