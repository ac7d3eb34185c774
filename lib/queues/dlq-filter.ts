import { z } from 'zod';
import { matchesPredicate, parsePredicate, type Parsed, type Predicate } from '../streams/filter';
import type { AttributeValue } from '../types/streams';
import type { QueueMessage } from '../types/queues';

/**
 * Search, filter and sort over a DLQ's browsed messages, as the URL holds them
 * (`?q=…&where=…&attr=…&sort=…&dir=…`), so a link reproduces the view. Pure.
 */

export const DLQ_SORTS = ['sent', 'receives', 'source', 'id', 'size'] as const;
export type DlqSort = (typeof DLQ_SORTS)[number];

/** The URL parameters of a DLQ view; bad values fall back to the defaults instead of failing the page. */
export const dlqViewSchema = z.object({
  q: z.string().max(500).optional().catch(undefined),
  where: z.string().max(500).optional().catch(undefined),
  attr: z.string().max(500).optional().catch(undefined),
  sort: z.enum(DLQ_SORTS).default('sent').catch('sent'),
  dir: z.enum(['asc', 'desc']).default('asc').catch('asc'),
});
export type DlqView = z.infer<typeof dlqViewSchema>;

export interface DlqFilter {
  text?: string;
  where?: Predicate;
  /** A message attribute: present (`name`), equal (`name=value`), or by prefix (`name=val*`). */
  attribute?: { name: string; value?: string; prefix: boolean };
}

/** `[]` in a path means "any element"; the stream filter's grammar knows only `[n]`, so it travels as this segment. */
const EACH = '#each#';

/** Parses a JSON-path predicate with the stream filter's parser, plus `[]` for "any element" (`items[].sku = "X"`). */
export function parseBodyPredicate(text: string): Parsed<Predicate> {
  const parsed = parsePredicate(text.replace(/\[\]/g, `.${EACH}`));
  if (!parsed.ok) return { ok: false, message: parsed.message.replace(new RegExp(`\\.${EACH}`, 'g'), '[]') };
  if (parsed.value.image !== 'any') return { ok: false, message: 'A message body has no old or new image: write the path without “new.” or “old.”.' };
  return parsed;
}

/** The view's parameters → a filter, or a message a person can act on. */
export function parseDlqFilter(view: Pick<DlqView, 'q' | 'where' | 'attr'>): Parsed<DlqFilter> {
  const filter: DlqFilter = {};
  if (view.q?.trim()) filter.text = view.q.trim().toLowerCase();
  if (view.where?.trim()) {
    const parsed = parseBodyPredicate(view.where);
    if (!parsed.ok) return parsed;
    filter.where = parsed.value;
  }
  if (view.attr?.trim()) {
    const raw = view.attr.trim();
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name)) return { ok: false, message: `“${name}” is not a message attribute name: write name or name=value.` };
    if (eq < 0) filter.attribute = { name, prefix: false };
    else {
      const value = raw.slice(eq + 1).trim();
      filter.attribute = value.endsWith('*') ? { name, value: value.slice(0, -1), prefix: true } : { name, value, prefix: false };
    }
  }
  return { ok: true, value: filter };
}

function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (value === null) return { NULL: true };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue).filter((v): v is AttributeValue => v !== undefined) };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: String(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      return { M: Object.fromEntries(Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => { const av = toAttributeValue(v); return av ? [[k, av]] : []; })) };
    default:
      return undefined;
  }
}

/** Every value at `path` in a JSON value, `EACH` fanning out over array elements. */
function resolveAll(value: unknown, path: (string | number)[]): unknown[] {
  let current: unknown[] = [value];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step === EACH) {
        if (Array.isArray(v)) next.push(...v);
      } else if (typeof step === 'number') {
        if (Array.isArray(v) && step < v.length) next.push(v[step]);
      } else if (v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step)) {
        next.push((v as Record<string, unknown>)[step]);
      }
    }
    current = next;
  }
  return current;
}

/** Parses a body as JSON when it looks like an object or array; undefined otherwise. */
export function parseJsonBody(body: string): { ok: true; value: unknown } | undefined {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return { ok: true, value: JSON.parse(trimmed) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a predicate holds on a JSON body, with the stream filter's comparison rules. With `[]`
 * in the path, `=`, `contains`, `>`… hold when some element matches, `!=` when none equals.
 */
export function matchesBody(body: string, predicate: Predicate): boolean {
  const json = parseJsonBody(body);
  const candidates = json ? resolveAll(json.value, predicate.path) : [];
  const one = (v: unknown) => {
    const av = toAttributeValue(v);
    // The stream filter compares within an image: one attribute `v` holding this candidate.
    return matchesPredicate({ keys: {}, newImage: av ? { v: av } : {} }, { ...predicate, image: 'new', path: ['v'] });
  };
  if (predicate.op === 'exists') return candidates.length > 0;
  if (predicate.op === '!=') return candidates.every(one);
  return candidates.some(one);
}

/** Whether a browsed message passes every part of the filter. */
export function matchesDlqFilter(message: QueueMessage, filter: DlqFilter): boolean {
  if (filter.attribute) {
    const { name, value, prefix } = filter.attribute;
    const attribute = message.attributes.find((a) => a.name === name);
    if (!attribute) return false;
    if (value !== undefined && !(prefix ? attribute.value.startsWith(value) : attribute.value === value)) return false;
  }
  if (filter.where && !matchesBody(message.body, filter.where)) return false;
  if (filter.text) {
    const haystack = [message.messageId, message.body, message.sourceQueue ?? '', ...message.attributes.map((a) => `${a.name}=${a.value}`)];
    if (!haystack.some((s) => s.toLowerCase().includes(filter.text as string))) return false;
  }
  return true;
}

const compareUnknownLast = (a: number | string | undefined, b: number | string | undefined): number => {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
};

function sortKey(m: QueueMessage, sort: DlqSort): number | string | undefined {
  switch (sort) {
    case 'sent':
      return m.sentAt;
    case 'receives':
      return m.receiveCount;
    case 'source':
      return m.sourceQueue;
    case 'id':
      return m.messageId;
    case 'size':
      return m.bodyBytes;
  }
}

/** The messages sorted by a column; unknown values (no SentTimestamp…) last in either direction, ties by id. */
export function sortMessages(messages: QueueMessage[], sort: DlqSort, dir: 'asc' | 'desc'): QueueMessage[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...messages].sort((a, b) => {
    const ka = sortKey(a, sort);
    const kb = sortKey(b, sort);
    if (ka === undefined || kb === undefined) return compareUnknownLast(ka, kb) || a.messageId.localeCompare(b.messageId);
    return sign * compareUnknownLast(ka, kb) || a.messageId.localeCompare(b.messageId);
  });
}

/**
 * Messages as JSON Lines, one object a line: the body exactly as SQS holds it (a string), its
 * attributes and what Eddy knows of it. A body cut for the page says so (`bodyTruncated`).
 */
export function toJsonLines(messages: QueueMessage[], queueName: string): string {
  return messages
    .map((m) =>
      JSON.stringify({
        queue: queueName,
        messageId: m.messageId,
        body: m.body,
        ...(m.bodyTruncated ? { bodyTruncated: true, bodyBytes: m.bodyBytes } : {}),
        messageAttributes: Object.fromEntries(m.attributes.map((a) => [a.name, { dataType: a.dataType, value: a.value, ...(a.binary ? { base64: true } : {}) }])),
        sentAt: m.sentAt === undefined ? undefined : new Date(m.sentAt).toISOString(),
        receiveCount: m.receiveCount,
        sourceQueue: m.sourceQueue,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export interface BodyChange {
  path: string;
  before?: string;
  after?: string;
}

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path || '(body)', '[]');
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(path || '(body)', '{}');
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path || '(body)', JSON.stringify(value));
}

/**
 * What an edit changed: for two JSON bodies, each leaf path added, removed or changed
 * (`items[0].sku: "GLASS-VASE" → "MUG-CLASSIC"`); for text, the lines removed and added.
 */
export function diffBodies(before: string, after: string): BodyChange[] {
  const a = parseJsonBody(before);
  const b = parseJsonBody(after);
  if (a && b) {
    const la = new Map<string, string>();
    const lb = new Map<string, string>();
    leaves(a.value, '', la);
    leaves(b.value, '', lb);
    const changes: BodyChange[] = [];
    for (const [path, v] of la) if (lb.get(path) !== v) changes.push({ path, before: v, after: lb.get(path) });
    for (const [path, v] of lb) if (!la.has(path)) changes.push({ path, after: v });
    return changes;
  }
  if (before === after) return [];
  const linesA = before.split('\n');
  const linesB = after.split('\n');
  const inB = new Set(linesB);
  const inA = new Set(linesA);
  return [
    ...linesA.filter((l) => !inB.has(l)).map((l) => ({ path: 'line', before: l })),
    ...linesB.filter((l) => !inA.has(l)).map((l) => ({ path: 'line', after: l })),
  ];
}

/** A diff in one line per change for the audit log: `items[0].sku: "GLASS-VASE" → "MUG-CLASSIC"`. */
export function formatBodyDiff(changes: BodyChange[], max = 20): string {
  if (changes.length === 0) return 'body unchanged';
  const lines = changes.slice(0, max).map((c) => (c.before === undefined ? `+ ${c.path}: ${c.after}` : c.after === undefined ? `- ${c.path}: ${c.before}` : `${c.path}: ${c.before} → ${c.after}`));
  if (changes.length > max) lines.push(`… and ${changes.length - max} more changes`);
  return lines.join('\n');
}
