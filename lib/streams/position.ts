/**
 * Where a live view starts: `recent` (what the tail holds, then live), `live` (only what comes
 * next), `trim_horizon` (the oldest record still retained), a sequence number, or a time.
 */
export type StartPosition =
  | { type: 'recent' }
  | { type: 'live' }
  | { type: 'trim_horizon' }
  | { type: 'sequence'; sequenceNumber: string }
  | { type: 'time'; at: number };

export type ParsedPosition = { ok: true; value: StartPosition } | { ok: false; message: string };

/** `recent`, `live`, `trim_horizon`, `seq:<digits>`, `time:<ISO 8601 or epoch ms>`; empty means `recent`. */
export function parsePosition(text: string | undefined | null): ParsedPosition {
  const raw = (text ?? '').trim();
  if (raw === '' || raw === 'recent') return { ok: true, value: { type: 'recent' } };
  if (raw === 'live' || raw === 'latest') return { ok: true, value: { type: 'live' } };
  if (raw === 'trim_horizon' || raw === 'oldest') return { ok: true, value: { type: 'trim_horizon' } };
  if (raw.startsWith('seq:')) {
    const digits = raw.slice(4).trim();
    if (!/^\d{1,40}$/.test(digits)) return { ok: false, message: `“${digits}” is not a sequence number: it is a string of digits, e.g. 100000000000000000042.` };
    return { ok: true, value: { type: 'sequence', sequenceNumber: digits.replace(/^0+(?=\d)/, '') } };
  }
  if (raw.startsWith('time:')) {
    const value = raw.slice(5).trim();
    const at = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(at)) return { ok: false, message: `“${value}” is not a time: use ISO 8601 such as 2024-05-01T12:00:00Z.` };
    return { ok: true, value: { type: 'time', at } };
  }
  return { ok: false, message: `Unknown start position “${raw}”: use recent, live, trim_horizon, seq:<number> or time:<ISO time>.` };
}

/** The URL form of a position, the inverse of `parsePosition`. */
export function formatPosition(position: StartPosition): string {
  switch (position.type) {
    case 'sequence':
      return `seq:${position.sequenceNumber}`;
    case 'time':
      return `time:${new Date(position.at).toISOString()}`;
    default:
      return position.type;
  }
}

/** Sequence numbers compared as the integers they are (they vary in length: reference §4.5). */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * Records oldest first: by creation time, then sequence number. A record without its creation
 * time cannot be placed among the others: after every timed one, by sequence number.
 */
export function compareByCreationTime(a: { sequenceNumber: string; approximateCreationTime?: number }, b: { sequenceNumber: string; approximateCreationTime?: number }): number {
  const x = a.approximateCreationTime;
  const y = b.approximateCreationTime;
  if (x !== y) {
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return x - y;
  }
  return compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber);
}

/**
 * Whether an event is at or after a start position (`recent`/`live` are decided by the tail). A
 * record without its creation time is kept for a time position: it may be after it, and a record
 * left out would be lost from the view; it shows its time as unknown.
 */
export function isAtOrAfter(event: { sequenceNumber: string; approximateCreationTime?: number }, position: StartPosition): boolean {
  switch (position.type) {
    case 'sequence':
      return compareSequenceNumbers(event.sequenceNumber, position.sequenceNumber) >= 0;
    case 'time':
      // ApproximateCreationDateTime is rounded down to the second: compare at that grain.
      return event.approximateCreationTime === undefined || event.approximateCreationTime >= Math.floor(position.at / 1000) * 1000;
    default:
      return true;
  }
}
