import { canonicalNumber, sameNumber } from '../decimal';
import type { QueueMessage } from '../types/queues';
import type { CorrelationConfig, ItemRef, KeyAttributeType, KeyValue, TableKeySpec } from '../types/traces';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How deep a body is searched: deep enough for envelopes (SNS in SQS, EventBridge detail), bounded for hostile input. */
const MAX_DEPTH = 12;
const MAX_NODES = 20_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A JSON value as a key of `type`, when it can be one: a string for S (a number is taken as its
 * digits, as people write `orderId: 42` for `"42"`), a number or numeric string for N, base64 for
 * B; a DynamoDB-JSON value (`{"S": "o-1"}`) of the right type as well. Undefined otherwise.
 */
export function toKeyValue(value: unknown, type: KeyAttributeType): KeyValue | undefined {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== type) return undefined;
    return toKeyValue(value[type], type);
  }
  if (type === 'S') {
    if (typeof value === 'string' && value.length > 0) return { S: value };
    if (typeof value === 'number' && Number.isFinite(value)) return { S: String(value) };
    return undefined;
  }
  if (type === 'N') {
    if (typeof value === 'number' && Number.isFinite(value)) return { N: String(value) };
    if (typeof value === 'string' && canonicalNumber(value) !== undefined) return { N: value.trim() };
    return undefined;
  }
  if (typeof value === 'string' && value.length > 0 && value.length % 4 === 0 && BASE64.test(value)) return { B: value };
  return undefined;
}

/** Two key values are the same key: strings exactly, numbers by value, binary by bytes (base64 text). */
export function keyValueEquals(a: KeyValue | undefined, b: KeyValue | undefined): boolean {
  if (!a || !b) return false;
  if ('S' in a && 'S' in b) return a.S === b.S;
  if ('N' in a && 'N' in b) return sameNumber(a.N, b.N);
  if ('B' in a && 'B' in b) return a.B === b.B;
  return false;
}

/** The scalar text of a key value, for display and URLs. */
export function keyText(value: KeyValue): string {
  return 'S' in value ? value.S : 'N' in value ? value.N : value.B;
}

/** Whether a stream record's `Keys` (wire AttributeValues) are the item a reference names. */
export function eventMatchesRef(keys: Record<string, unknown>, ref: Pick<ItemRef, 'key'>): boolean {
  return Object.entries(ref.key).every(([name, value]) => keyValueEquals(asKeyValue(keys[name]), value));
}

function asKeyValue(value: unknown): KeyValue | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.S === 'string') return { S: value.S };
  if (typeof value.N === 'string') return { N: value.N };
  if (typeof value.B === 'string') return { B: value.B };
  return undefined;
}

/** The names a message may use for a key attribute: its own and any declared aliases. */
function namesOf(spec: TableKeySpec, attribute: string): string[] {
  return [attribute, ...(spec.aliases?.[attribute] ?? [])];
}

interface Found {
  value: KeyValue;
  path: string;
  /** The object the value sat in, to look for the sort key beside it. */
  holder?: Json;
}

/** Every place in a JSON document where one of `names` holds a value of `type`, depth-first. */
function findInJson(doc: unknown, names: string[], type: KeyAttributeType): Found[] {
  const wanted = new Set(names);
  const out: Found[] = [];
  let nodes = 0;
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || ++nodes > MAX_NODES) return;
    if (Array.isArray(node)) {
      node.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (!isObject(node)) {
      // A JSON document inside a string (an SNS envelope's Message, a serialised payload).
      if (typeof node === 'string' && depth < MAX_DEPTH && /^\s*[{[]/.test(node)) {
        try {
          walk(JSON.parse(node), path, depth + 1);
        } catch {
          // Only text that looked like JSON.
        }
      }
      return;
    }
    for (const [name, value] of Object.entries(node)) {
      const here = path ? `${path}.${name}` : name;
      if (wanted.has(name)) {
        const key = toKeyValue(value, type);
        if (key) out.push({ value: key, path: here, holder: node });
      }
      walk(value, here, depth + 1);
    }
  };
  walk(doc, '', 0);
  return out;
}

/** `orderId=ord-1`, `"orderId": "ord-1"`, `orderId: 42` in a body that is not JSON. */
function findInText(body: string, names: string[], type: KeyAttributeType): Found[] {
  const out: Found[] = [];
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(?:^|[^A-Za-z0-9_])"?${escaped}"?\\s*[:=]\\s*"?([^\\s",;}&]+)`, 'g');
    for (const m of body.matchAll(re)) {
      const value = toKeyValue(m[1], type);
      if (value) out.push({ value, path: `body text ${name}` });
    }
  }
  return out;
}

function parseBody(body: string): unknown {
  if (!/^\s*[{["]/.test(body)) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/**
 * The items a message refers to: for each table, its partition key (or a declared alias) found in
 * the JSON body at any depth, in a JSON string nested in it, in the text of a non-JSON body, or
 * in a message attribute — and its sort key beside it when the table has one. Each distinct key
 * appears once, at the first place it was found (attributes before the body: senders put
 * correlation ids there on purpose).
 */
export function findItemRefs(message: Pick<QueueMessage, 'body' | 'attributes'>, specs: TableKeySpec[]): ItemRef[] {
  const refs: ItemRef[] = [];
  const doc = parseBody(message.body);
  for (const spec of specs) {
    const hashNames = namesOf(spec, spec.hash.name);
    const candidates: Found[] = [];
    for (const attribute of message.attributes) {
      if (!hashNames.includes(attribute.name)) continue;
      const value = attribute.binary ? (spec.hash.type === 'B' ? { B: attribute.value } : undefined) : toKeyValue(attribute.value, spec.hash.type);
      if (value) candidates.push({ value, path: `attribute ${attribute.name}` });
    }
    candidates.push(...(doc !== undefined ? findInJson(doc, hashNames, spec.hash.type) : findInText(message.body, hashNames, spec.hash.type)));
    for (const found of candidates) {
      const key: Record<string, KeyValue> = { [spec.hash.name]: found.value };
      let partial = false;
      if (spec.range) {
        const rangeNames = namesOf(spec, spec.range.name);
        const beside = found.holder ? rangeNames.map((n) => toKeyValue(found.holder?.[n], spec.range!.type)).find(Boolean) : undefined;
        const attribute = message.attributes.find((a) => rangeNames.includes(a.name) && !a.binary);
        const range = beside ?? (attribute ? toKeyValue(attribute.value, spec.range.type) : undefined);
        if (range) key[spec.range.name] = range;
        else partial = true;
      }
      if (refs.some((r) => r.table === spec.table && sameKey(r.key, key))) continue;
      refs.push({ table: spec.table, key, foundAt: found.path, partial, source: spec.source });
    }
  }
  return refs;
}

function sameKey(a: Record<string, KeyValue>, b: Record<string, KeyValue>): boolean {
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((n) => keyValueEquals(a[n], b[n]));
}

/**
 * The key specs correlation uses: every table's key schema, plus the correlation keys declared in
 * `eddy.config.json` (an alias for a key attribute, or another attribute of the table).
 */
export function buildKeySpecs(tables: { table: string; hash: TableKeySpec['hash']; range?: TableKeySpec['range'] }[], config: CorrelationConfig | undefined): TableKeySpec[] {
  const specs: TableKeySpec[] = tables.map((t) => ({ ...t, source: 'key_schema' as const }));
  for (const declared of config?.correlationKeys ?? []) {
    const spec = specs.find((s) => s.table === declared.table);
    if (!spec) continue;
    const attribute = declared.attribute ?? spec.hash.name;
    if (attribute !== spec.hash.name && attribute !== spec.range?.name) continue;
    spec.aliases = { ...spec.aliases, [attribute]: [...(spec.aliases?.[attribute] ?? []), ...declared.names] };
    spec.source = 'config';
  }
  return specs;
}

export type ParsedItemQuery =
  | { ok: true; table?: string; attribute?: string; value: string }
  | { ok: false; message: string };

/**
 * The search box: `orderId = ord-1`, `orders.orderId = ord-1`, `orderId: 42`, or a bare value
 * (`ord-1`, matched against every table's partition key). Quotes around the value are dropped.
 */
export function parseItemQuery(input: string): ParsedItemQuery {
  const raw = input.trim();
  if (raw === '') return { ok: false, message: 'Type a key, e.g. orderId = ord-1-ab12, or just its value.' };
  const m = /^(?:([A-Za-z0-9_.-]+)\.)?([A-Za-z_][\w-]*)\s*(?:==|=|:)\s*(.+)$/.exec(raw);
  const unquote = (s: string) => s.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (m) {
    const value = unquote(m[3]);
    if (value === '') return { ok: false, message: `A value is missing after “${m[2]} =”.` };
    return { ok: true, table: m[1], attribute: m[2], value };
  }
  return { ok: true, value: unquote(raw) };
}

/** The item references a search query names, for the tables whose key it can be. */
export function refsForQuery(query: Extract<ParsedItemQuery, { ok: true }>, specs: TableKeySpec[]): ItemRef[] {
  const refs: ItemRef[] = [];
  for (const spec of specs) {
    if (query.table && query.table !== spec.table) continue;
    if (query.attribute && !namesOf(spec, spec.hash.name).includes(query.attribute)) continue;
    const value = toKeyValue(query.value, spec.hash.type);
    if (!value) continue;
    refs.push({ table: spec.table, key: { [spec.hash.name]: value }, foundAt: 'search', partial: Boolean(spec.range), source: spec.source });
  }
  return refs;
}
