/**
 * Shard iterators: opaque to clients, self-describing to the emulator. The shape follows the real
 * one (`<streamArn>|1|<opaque>`, reference §4.3) so tools that split on `|` still work; the
 * opaque part is base64 of a small JSON document, which keeps the server free of per-iterator state
 * (an iterator is never stored, so clients that drop thousands of them cost nothing).
 */

/** AWS's maximum `ShardIterator` length (Smithy model: 1–2048). */
export const MAX_ITERATOR_LENGTH = 2048;

/** An iterator expires 15 minutes after it was issued (GetShardIterator docs). */
export const ITERATOR_TTL_MS = 15 * 60_000;

export interface IteratorState {
  shardId: string;
  /** The smallest sequence number the next GetRecords may return. */
  position: bigint;
  /** Emulator-clock milliseconds when this iterator (not its chain) was issued. */
  issuedAt: number;
  /** One GetShardIterator and every NextShardIterator that follows from it share this id. */
  chainId: string;
}

const SEPARATOR = '|1|';
const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;
const DIGITS = /^\d{1,40}$/;
const CHAIN_ID = /^[0-9a-f]{16}$/;

/** Builds the iterator string handed to the client. */
export function encodeIterator(streamArn: string, state: IteratorState): string {
  const payload = JSON.stringify({ s: state.shardId, p: state.position.toString(), t: state.issuedAt, c: state.chainId });
  return `${streamArn}${SEPARATOR}${Buffer.from(payload, 'utf8').toString('base64')}`;
}

/**
 * Parses an iterator this emulator issued; `undefined` for anything else (a truncated, edited or
 * foreign iterator), which the caller answers with a ValidationException as AWS does.
 */
export function decodeIterator(iterator: string): { streamArn: string; state: IteratorState } | undefined {
  const at = iterator.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const streamArn = iterator.slice(0, at);
  const payload = iterator.slice(at + SEPARATOR.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { s, p, t, c } = parsed as Record<string, unknown>;
  if (typeof s !== 'string' || !SHARD_ID.test(s)) return undefined;
  if (typeof p !== 'string' || !DIGITS.test(p)) return undefined;
  if (typeof t !== 'number' || !Number.isFinite(t)) return undefined;
  if (typeof c !== 'string' || !CHAIN_ID.test(c)) return undefined;
  return { streamArn, state: { shardId: s, position: BigInt(p), issuedAt: t, chainId: c } };
}
