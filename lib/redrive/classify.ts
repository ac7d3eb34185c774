import { canonicalNumber } from '../decimal';
import { toPlainValue } from '../streams/attribute-value';
import { keyValueEquals, toKeyValue } from '../traces/correlation';
import type { DeadLetterClass, DeadLetterVerdict } from '../types/redrive';
import type { AttributeMap } from '../types/streams';
import type { KeyValue, TraceStreamEvent } from '../types/traces';

/** What Eddy could learn of the item a dead letter names: its stream records and, when read, the item now. */
export interface ItemEvidence {
  /** `orders orderId=o-1`, for reasons and grouping. */
  item: string;
  key: Record<string, KeyValue>;
  /** The item's stream records as far as they were read, oldest first. */
  events: Pick<TraceStreamEvent, 'eventName' | 'approximateCreationTime' | 'newImage' | 'sequenceNumber'>[];
  /** Whether every retained record of the stream was looked through (so the last event is the item's latest). */
  historyComplete: boolean;
  /** The item as GetItem returned it: null when it does not exist; undefined when not read (see `currentNote`). */
  current?: AttributeMap | null;
  /** Why the item could not be read, when it could not. */
  currentNote?: string;
}

/** One dead letter as classification needs it. */
export interface ClassifyMessage {
  messageId: string;
  body: string;
  /** SentTimestamp (epoch ms): a dead letter keeps the one of its first send. */
  sentAt?: number;
  /** MessageDeduplicationId (FIFO queues). */
  dedupId?: string;
  groupId?: string;
  /** The attributes of the item the message carries (the object beside its key), see `carriedAttributes`. */
  carried?: Record<string, unknown>;
  evidence?: ItemEvidence;
  /** Why no item could be correlated, in words, when none could. */
  uncorrelated?: string;
}

/** Names of a "version" attribute, for "the same item and version" (optimistic-locking counters). */
const VERSION_NAMES = ['version', 'Version', '_version', 'revision', 'itemVersion'];
const PREVIEW_CHARS = 120;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The attributes of the item a message carries: the first object in its JSON body (at any depth,
 * bounded) that holds the item's key with the same value. Undefined for a body that is not JSON or
 * that carries the key only as a message attribute.
 */
export function carriedAttributes(body: string, key: Record<string, KeyValue>): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  const names = Object.keys(key);
  let nodes = 0;
  const walk = (node: unknown, depth: number): Record<string, unknown> | undefined => {
    if (depth > 12 || ++nodes > 20_000) return undefined;
    if (Array.isArray(node)) {
      for (const v of node) {
        const found = walk(v, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (!isObject(node)) return undefined;
    if (names.every((n) => n in node && keyValueEquals(toKeyValue(node[n], typeOf(key[n])), key[n]))) return node;
    for (const v of Object.values(node)) {
      const found = walk(v, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(doc, 0);
}

function typeOf(value: KeyValue): 'S' | 'N' | 'B' {
  return 'S' in value ? 'S' : 'N' in value ? 'N' : 'B';
}

/** A plain value in a form where equal DynamoDB values compare equal: numbers by value, sets unordered, maps by key. */
function canonical(value: unknown, fromSet = false): string {
  if (typeof value === 'number') return `n:${canonicalNumber(String(value)) ?? String(value)}`;
  if (typeof value === 'string') {
    // A number written as a string in the message ("12.50") against a DynamoDB N: compared by value.
    const n = canonicalNumber(value);
    return n !== undefined && /^\s*[-+]?[\d.]/.test(value) ? `n:${n}` : `s:${value}`;
  }
  if (Array.isArray(value)) {
    const parts = value.map((v) => canonical(v));
    return `[${(fromSet ? parts.sort() : parts).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The attributes the message carries whose value differs from the item's now (only attributes
 * both have: a message usually carries a part of the item, plus fields of its own).
 */
export function changedAttributes(carried: Record<string, unknown>, item: AttributeMap): string[] {
  const changed: string[] = [];
  for (const [name, value] of Object.entries(carried)) {
    const attr = item[name];
    if (!attr) continue;
    const isSet = 'SS' in attr || 'NS' in attr || 'BS' in attr;
    if (canonical(toPlainValue(attr), isSet) !== canonical(value, isSet)) changed.push(name);
  }
  return changed.sort();
}

/** The item's latest state that the evidence shows: the item read now, else the last record of a complete history. */
function latestState(evidence: ItemEvidence): { state: 'exists'; image?: AttributeMap; from: string } | { state: 'gone'; from: string } | undefined {
  if (evidence.current === null) return { state: 'gone', from: 'GetItem finds no such item now' };
  if (evidence.current) return { state: 'exists', image: evidence.current, from: 'the item now (GetItem)' };
  const last = evidence.events[evidence.events.length - 1];
  if (!last || !evidence.historyComplete) return undefined;
  if (last.eventName === 'REMOVE') return { state: 'gone', from: `its stream shows a REMOVE at ${iso(last.approximateCreationTime)}` };
  return { state: 'exists', image: last.newImage, from: `its latest stream record (${last.eventName} at ${iso(last.approximateCreationTime)})` };
}

/** A record's time; one without ApproximateCreationDateTime says so (never 1970). */
const iso = (ms: number | undefined) => (ms === undefined ? 'an unknown time (the record carries no creation time)' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/**
 * Stream records of the item newer than the message. AWS gives ApproximateCreationDateTime to the
 * second, rounded down (reference §4.5), so a record stamped after SentTimestamp was written after
 * the message was sent; one in the same second is not counted (it may be the write that caused it),
 * nor one without its creation time (then the item itself is read: `needsItemRead`).
 */
function newerEvents(evidence: ItemEvidence, sentAt: number | undefined) {
  if (sentAt === undefined) return [];
  return evidence.events.filter((e) => e.approximateCreationTime !== undefined && e.approximateCreationTime > sentAt);
}

/**
 * Whether the stream history alone cannot settle the item's state, so the item must be read
 * (GetItem): no retained record after the message and no complete history whose last record shows
 * the item's state — or a newer REMOVE in a history not read to its end (a later INSERT may follow).
 */
export function needsItemRead(evidence: Omit<ItemEvidence, 'current' | 'currentNote'>, sentAt: number | undefined): boolean {
  const newer = newerEvents(evidence, sentAt);
  const last = evidence.events[evidence.events.length - 1];
  if (evidence.historyComplete && last && (last.eventName === 'REMOVE' || last.newImage)) return false;
  if (newer.length > 0 && newer[newer.length - 1].eventName !== 'REMOVE') return false;
  return true;
}

interface ItemVerdict {
  class: 'stale' | 'gone' | 'current' | 'unknown';
  reason: string;
  changed?: string[];
}

function itemVerdict(m: ClassifyMessage): ItemVerdict {
  const evidence = m.evidence;
  if (!evidence) return { class: 'unknown', reason: m.uncorrelated ?? 'The message names no item Eddy can correlate.' };
  const latest = latestState(evidence);
  if (latest?.state === 'gone') return { class: 'gone', reason: `${evidence.item} no longer exists: ${latest.from}.` };
  const newer = newerEvents(evidence, m.sentAt);
  if (newer.length > 0) {
    const last = newer[newer.length - 1];
    return { class: 'stale', reason: `${evidence.item} changed after the message was sent: ${newer.length} stream record(s) since, the last a ${last.eventName} at ${iso(last.approximateCreationTime)}.` };
  }
  if (latest?.state === 'exists' && latest.image && m.carried) {
    const changed = changedAttributes(m.carried, latest.image);
    if (changed.length > 0) return { class: 'stale', reason: `${evidence.item} differs from what the message carries (${changed.join(', ')}), per ${latest.from}.`, changed };
    return { class: 'current', reason: `${evidence.item} still matches the message, per ${latest.from}.` };
  }
  if (latest?.state === 'exists') {
    return { class: 'current', reason: `${evidence.item} exists and has no stream record since the message was sent, per ${latest.from}${m.carried ? '' : ' (the message carries none of its attributes to compare)'}.` };
  }
  const why = evidence.currentNote ?? 'its stream history was not read to its end and the item was not read';
  return { class: 'unknown', reason: `${evidence.item}: its state now is unknown (${why}).` };
}

function versionOf(carried: Record<string, unknown> | undefined): string | undefined {
  if (!carried) return undefined;
  for (const name of VERSION_NAMES) if (name in carried && carried[name] !== null && typeof carried[name] !== 'object') return `${name}=${canonical(carried[name])}`;
  return undefined;
}

/**
 * For each message, the earlier message of the DLQ it duplicates: the same body, the same
 * deduplication id, or the same item and version. The earliest sent of each set is the one kept.
 */
export function findDuplicates(messages: Pick<ClassifyMessage, 'messageId' | 'body' | 'sentAt' | 'dedupId' | 'carried' | 'evidence'>[]): Map<string, { of: string; by: string }> {
  const order = [...messages].sort((a, b) => (a.sentAt ?? Number.MAX_SAFE_INTEGER) - (b.sentAt ?? Number.MAX_SAFE_INTEGER) || a.messageId.localeCompare(b.messageId));
  const firstBy = new Map<string, string>();
  const out = new Map<string, { of: string; by: string }>();
  for (const m of order) {
    const keys: [string, string][] = [[`body|${m.body}`, 'same body']];
    if (m.dedupId) keys.push([`dedup|${m.dedupId}`, 'same deduplication id']);
    const version = versionOf(m.carried);
    if (m.evidence && version) keys.push([`item|${m.evidence.item}|${version}`, `same item and ${version.split('=')[0]}`]);
    for (const [key, by] of keys) {
      const first = firstBy.get(key);
      if (first !== undefined && !out.has(m.messageId)) out.set(m.messageId, { of: first, by });
    }
    for (const [key] of keys) if (!firstBy.has(key)) firstBy.set(key, out.get(m.messageId)?.of ?? m.messageId);
  }
  return out;
}

function preview(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

/**
 * Classifies dead letters before a redrive (issue 17): **gone** (the item no longer exists),
 * **stale** (a stream record of the item newer than the message, or the item's attributes differ
 * from those the message carries), **duplicate** (another message of the DLQ carries the same
 * body, deduplication id or item version — the earliest is kept), **current**, or **unknown** (no
 * item could be correlated, or its state could not be read). A message is counted once, in that order.
 */
export function classifyDeadLetters(messages: ClassifyMessage[]): DeadLetterVerdict[] {
  const duplicates = findDuplicates(messages);
  return messages.map((m) => {
    const item = itemVerdict(m);
    const dup = duplicates.get(m.messageId);
    const cls: DeadLetterClass = item.class === 'gone' || item.class === 'stale' ? item.class : dup ? 'duplicate' : item.class;
    return {
      messageId: m.messageId,
      class: cls,
      reason: cls === 'duplicate' && dup ? `A copy of ${dup.of} (${dup.by}). ${item.reason}` : item.reason,
      item: m.evidence?.item,
      ...(dup ? { duplicateOf: dup.of, duplicateBy: dup.by } : {}),
      ...(item.changed ? { changed: item.changed } : {}),
      sentAt: m.sentAt,
      groupId: m.groupId,
      preview: preview(m.body),
    };
  });
}

/** How many verdicts fall in each class (every class present, 0 when none). */
export function countClasses(verdicts: Pick<DeadLetterVerdict, 'class'>[]): Record<DeadLetterClass, number> {
  const counts: Record<DeadLetterClass, number> = { stale: 0, gone: 0, duplicate: 0, current: 0, unknown: 0 };
  for (const v of verdicts) counts[v.class]++;
  return counts;
}

/** What the skip options of a redrive leave in the DLQ: stale and gone items, and/or duplicates. */
export function skippedBy(verdict: Pick<DeadLetterVerdict, 'class' | 'duplicateOf'>, skip: { staleAndGone?: boolean; duplicates?: boolean }): boolean {
  if (skip.staleAndGone && (verdict.class === 'stale' || verdict.class === 'gone')) return true;
  if (skip.duplicates && verdict.duplicateOf !== undefined) return true;
  return false;
}
