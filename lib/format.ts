const integer = new Intl.NumberFormat('en-US');

/** 12345 → "12,345"; "—" for a count that is unknown (undefined or not a number), never "0". */
export function formatCount(n: number | undefined): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  return integer.format(n);
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 90 → "1 min 30 s"; 345600 → "4 d". Seconds in, the two largest units out. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3_600), 'h'],
    [Math.floor((s % 3_600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n} ${u}`)
    .join(' ');
}

/**
 * Dates and times: one formatter for the whole UI. Times are 24-hour and always carry their time
 * zone, because the server renders in its own zone (UTC in practice) and the browser in the
 * viewer's: a bare "14:03" would be ambiguous. `timeZone` undefined means the runtime's own zone.
 */
export interface TimeOptions {
  /** An IANA zone ("UTC", "Asia/Tokyo"); the runtime's zone when omitted. */
  timeZone?: string;
  /** Show seconds (default true). */
  seconds?: boolean;
  /** Show milliseconds after the seconds (log lines). */
  milliseconds?: boolean;
  /** Name the zone (default true). Only where the zone is named nearby, as on a chart's axis. */
  zoneName?: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(ms: number, date: boolean, { timeZone, seconds = true, milliseconds = false }: TimeOptions): Record<string, string> {
  const key = `${timeZone ?? ''}|${date}|${seconds}|${milliseconds}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      ...(date ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      ...(seconds || milliseconds ? { second: '2-digit' } : {}),
      ...(milliseconds ? { fractionalSecondDigits: 3 } : {}),
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    });
    formatters.set(key, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(ms).map((p) => [p.type, p.value]));
}

function clock(p: Record<string, string>, { seconds = true, milliseconds = false }: TimeOptions): string {
  if (milliseconds) return `${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond}`;
  return seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
}

function valid(ms: number | string | Date): number | undefined {
  const n = typeof ms === 'number' ? ms : new Date(ms).getTime();
  return Number.isFinite(n) ? n : undefined;
}

/** 14:03:22 UTC → "14:03:22 UTC"; in Tokyo "23:03:22 GMT+9". "—" for an invalid time. */
export function formatTime(at: number | string | Date, options: TimeOptions = {}): string {
  const ms = valid(at);
  if (ms === undefined) return '—';
  const p = partsOf(ms, false, options);
  return options.zoneName === false ? clock(p, options) : `${clock(p, options)} ${p.timeZoneName}`;
}

/** "2026-12-02 14:03:22 UTC": ISO-ordered date, 24-hour time, the zone named. "—" for an invalid time. */
export function formatDateTime(at: number | string | Date, options: TimeOptions = {}): string {
  const ms = valid(at);
  if (ms === undefined) return '—';
  const p = partsOf(ms, true, options);
  return `${p.year}-${p.month}-${p.day} ${clock(p, options)} ${p.timeZoneName}`;
}

/**
 * How long ago (or until) `at` is, seen at `now`: "5 s ago", "in 2 min", "just now" under a second.
 * Depends on the clock: render it in the browser only (components/ui/time.tsx), never on the server.
 */
export function formatRelative(at: number | string | Date, now: number): string {
  const ms = valid(at);
  if (ms === undefined) return '—';
  const diff = (now - ms) / 1000;
  if (Math.abs(diff) < 1) return 'just now';
  return diff > 0 ? `${formatDuration(diff)} ago` : `in ${formatDuration(-diff)}`;
}
