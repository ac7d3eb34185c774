import { z } from 'zod';
import type { AttributeMap, AttributeValue, StreamEvent, StreamEventName } from '../types/streams';
import { compareNumberText } from '../decimal';
import { attributeType, toPlainMap } from './attribute-value';

export type ComparisonOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | 'contains';

/** `status = "FAILED"`, `new.amount > 100`, `old.address.city exists`. */
export interface Predicate {
  image: 'new' | 'old' | 'any';
  path: (string | number)[];
  op: ComparisonOp;
  value?: string | number | boolean | null;
  /** A number's digits as written, so 21-digit numbers compare exactly. */
  numberText?: string;
}

/** Everything a live view can filter on, as held in the URL. */
export interface EventFilter {
  eventNames?: StreamEventName[];
  /** Key equals `value`, or starts with it when `prefix`; matched against every key attribute. */
  key?: { value: string; prefix: boolean };
  where?: Predicate;
  text?: string;
}

/** A refusal says what is wrong and, for text a person typed, where: `at` is the 0-based index. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; field?: 'type' | 'where'; at?: number };

const PREDICATE = /^\s*(?:(new|old)\.)?([A-Za-z_#][\w#-]*(?:\.[A-Za-z_#][\w#-]*|\[\d+\])*)\s*(!=|>=|<=|=|>|<|\bexists\b|\bcontains\b)\s*(.*?)\s*$/;

/** Parses an attribute predicate; a message a person can act on when it is not one. */
export function parsePredicate(text: string): Parsed<Predicate> {
  const m = PREDICATE.exec(text);
  if (!m) return refuse(text, ...whereItStops(text));
  const [, image, rawPath, op, rawValue] = m;
  // Where the value starts, for the messages about it (the regex trims the spaces around it).
  const valueAt = rawValue === '' ? text.trimEnd().length : text.lastIndexOf(rawValue);
  const path: (string | number)[] = [];
  for (const part of rawPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(part[2] !== undefined ? Number(part[2]) : part[1]);
  if (op === 'exists') {
    if (rawValue !== '') return refuse(text, valueAt, '“exists” takes no value');
    return { ok: true, value: { image: (image as 'new' | 'old') ?? 'any', path, op } };
  }
  if (rawValue === '') return refuse(text, valueAt, `a value is missing after “${op}”`);
  let value: string | number | boolean | null;
  if (/^".*"$/.test(rawValue) || /^'.*'$/.test(rawValue)) value = rawValue.slice(1, -1);
  else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(rawValue)) {
    value = Number(rawValue);
    if (op !== 'contains') {
      return { ok: true, value: { image: (image as 'new' | 'old') ?? 'any', path, op: op as ComparisonOp, value, numberText: rawValue } };
    }
  }
  else if (rawValue === 'true' || rawValue === 'false') value = rawValue === 'true';
  else if (rawValue === 'null') value = null;
  else value = rawValue;
  if ((op === '>' || op === '<' || op === '>=' || op === '<=') && typeof value !== 'number' && typeof value !== 'string') {
    return refuse(text, valueAt, `“${op}” compares numbers or strings`);
  }
  return { ok: true, value: { image: (image as 'new' | 'old') ?? 'any', path, op: op as ComparisonOp, value } };
}

const ATTRIBUTE_NAME = /^[A-Za-z_#][\w#-]*(?:\.[A-Za-z_#][\w#-]*|\[\d+\])*/;
const OPERATOR = /^(!=|>=|<=|=|>|<|exists\b|contains\b)/;

/** For text the predicate pattern refuses: the index where it stops making sense, and what was expected there. */
function whereItStops(text: string): [number, string] {
  let at = text.length - text.trimStart().length;
  const image = /^(new|old)\./.exec(text.slice(at));
  if (image) at += image[0].length;
  const name = ATTRIBUTE_NAME.exec(text.slice(at));
  if (!name) return [at, at >= text.length ? 'an attribute name is missing' : 'an attribute name was expected here'];
  at += name[0].length;
  at += text.slice(at).length - text.slice(at).trimStart().length;
  if (at >= text.length) return [at, `an operator is missing after “${name[0]}”`];
  if (!OPERATOR.test(text.slice(at))) return [at, 'an operator (=, !=, >, >=, <, <=, exists or contains) was expected here'];
  return [at, 'this is not a condition'];
}

function refuse(text: string, at: number, what: string): { ok: false; message: string; field: 'where'; at: number } {
  return { ok: false, field: 'where', at, message: `Column ${at + 1} of the condition: ${what}. Write e.g. status = "FAILED", amount > 100 or old.status exists.` };
}

/** The filter query parameters (`type`, `key`, `where`, `q`) as the URL and the SSE route carry them. */
export const filterParamsSchema = z.object({
  type: z.string().optional(),
  key: z.string().optional(),
  where: z.string().optional(),
  q: z.string().optional(),
});
export type FilterParams = z.infer<typeof filterParamsSchema>;

/** URL parameters → a filter. `key=o-1` matches exactly, `key=o-1*` by prefix. */
export function parseFilter(params: FilterParams): Parsed<EventFilter> {
  const filter: EventFilter = {};
  if (params.type) {
    const names = params.type.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    const bad = names.filter((n) => !['INSERT', 'MODIFY', 'REMOVE'].includes(n));
    if (bad.length > 0) return { ok: false, field: 'type', message: `Unknown event type ${bad.join(', ')}: use INSERT, MODIFY or REMOVE.` };
    if (names.length > 0) filter.eventNames = names as StreamEventName[];
  }
  if (params.key && params.key.trim() !== '') {
    const raw = params.key.trim();
    filter.key = raw.endsWith('*') ? { value: raw.slice(0, -1), prefix: true } : { value: raw, prefix: false };
  }
  if (params.where && params.where.trim() !== '') {
    const parsed = parsePredicate(params.where);
    if (!parsed.ok) return parsed;
    filter.where = parsed.value;
  }
  if (params.q && params.q.trim() !== '') filter.text = params.q.trim().toLowerCase();
  return { ok: true, value: filter };
}

/** True when the filter has nothing to check. */
export function isEmptyFilter(filter: EventFilter): boolean {
  return !filter.eventNames && !filter.key && !filter.where && !filter.text;
}

function scalarText(value: AttributeValue): string | undefined {
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  if ('B' in value) return value.B;
  return undefined;
}

function resolve(map: AttributeMap | undefined, path: (string | number)[]): AttributeValue | undefined {
  let current: AttributeValue | undefined = map ? { M: map } : undefined;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = 'L' in current ? (current.L as AttributeValue[])[step] : undefined;
    else current = 'M' in current ? (current.M as AttributeMap)[step] : undefined;
  }
  return current;
}

function compareNumbers(a: string, b: number, bText = String(b)): number | undefined {
  // Exact: doubles cannot tell 100000000000000000001 from 1e20.
  return compareNumberText(a, bText);
}

function test(value: AttributeValue | undefined, predicate: Predicate): boolean {
  if (predicate.op === 'exists') return value !== undefined;
  if (value === undefined) return predicate.op === '!=';
  const want = predicate.value;
  const type = attributeType(value);
  if (predicate.op === 'contains') {
    const needle = String(want);
    if ('S' in value) return value.S.includes(needle);
    if ('SS' in value) return value.SS.includes(needle);
    if ('NS' in value) return value.NS.some((n) => typeof want === 'number' && compareNumbers(n, want) === 0);
    if ('L' in value) return value.L.some((v) => scalarText(v) === needle);
    return false;
  }
  let cmp: number | undefined;
  if (type === 'N' && typeof want === 'number') cmp = compareNumbers((value as { N: string }).N, want, predicate.numberText);
  else if (type === 'S' && (typeof want === 'string' || typeof want === 'number')) {
    const s = (value as { S: string }).S;
    const w = String(want);
    cmp = s === w ? 0 : s < w ? -1 : 1;
  } else if (type === 'BOOL' && typeof want === 'boolean') cmp = (value as { BOOL: boolean }).BOOL === want ? 0 : 1;
  else if (type === 'NULL' && want === null) cmp = 0;
  else if (type === 'N' && typeof want === 'string') {
    const n = Number(want);
    cmp = Number.isNaN(n) ? undefined : compareNumbers((value as { N: string }).N, n);
  }
  switch (predicate.op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>':
      return cmp !== undefined && cmp > 0 && type !== 'BOOL';
    case '>=':
      return cmp !== undefined && cmp >= 0 && type !== 'BOOL';
    case '<':
      return cmp !== undefined && cmp < 0 && type !== 'BOOL';
    case '<=':
      return cmp !== undefined && cmp <= 0 && type !== 'BOOL';
  }
  return false;
}

/** Whether the predicate holds on the event's new image, old image, or (`any`) either. */
export function matchesPredicate(event: Pick<StreamEvent, 'newImage' | 'oldImage' | 'keys'>, predicate: Predicate): boolean {
  // Keys are part of every image; KEYS_ONLY streams still filter on them.
  const withKeys = (image: AttributeMap | undefined) => (image ? image : event.keys);
  if (predicate.image === 'new') return test(resolve(withKeys(event.newImage), predicate.path), predicate);
  if (predicate.image === 'old') return test(resolve(withKeys(event.oldImage), predicate.path), predicate);
  const images = [event.newImage, event.oldImage].filter((i): i is AttributeMap => i !== undefined);
  if (images.length === 0) images.push(event.keys);
  if (predicate.op === '!=') return images.every((image) => test(resolve(image, predicate.path), predicate));
  return images.some((image) => test(resolve(image, predicate.path), predicate));
}

function keyMatches(keys: AttributeMap, key: { value: string; prefix: boolean }): boolean {
  return Object.values(keys).some((value) => {
    const text = scalarText(value);
    if (text === undefined) return false;
    return key.prefix ? text.startsWith(key.value) : text === key.value;
  });
}

/** Case-insensitive search over the keys and both images as JSON text. */
function textMatches(event: StreamEvent, needle: string): boolean {
  const haystack = [event.eventName, event.eventID, JSON.stringify(toPlainMap(event.keys))];
  if (event.newImage) haystack.push(JSON.stringify(toPlainMap(event.newImage)));
  if (event.oldImage) haystack.push(JSON.stringify(toPlainMap(event.oldImage)));
  return haystack.some((s) => s.toLowerCase().includes(needle));
}

/** Whether an event passes every part of the filter. */
export function matchesFilter(event: StreamEvent, filter: EventFilter): boolean {
  if (filter.eventNames && !filter.eventNames.includes(event.eventName)) return false;
  if (filter.key && !keyMatches(event.keys, filter.key)) return false;
  if (filter.where && !matchesPredicate(event, filter.where)) return false;
  if (filter.text && !textMatches(event, filter.text)) return false;
  return true;
}
