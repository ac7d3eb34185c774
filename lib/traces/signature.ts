import type { QueueMessage } from '../types/queues';
import type { ErrorSignature, FailureRecordParse } from '../types/traces';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that carry an error, most specific first: `errorType` says more than `reason`. */
export const ERROR_FIELDS = ['errorType', 'errorCode', 'errorMessage', 'error', 'exception', 'reason', 'failureReason', 'err'] as const;
const FIELD_SET = new Set<string>(ERROR_FIELDS.map((f) => f.toLowerCase()));
const MAX_DEPTH = 6;
const MAX_LABEL = 160;

/**
 * An error text with what differs between occurrences of the same failure replaced: UUIDs, ARNs,
 * long hex, quoted strings, identifiers with digits (`ord-12-ab3`), numbers, ISO times. So
 * "order ord-1-a rejected after 3 tries" and "order ord-9-b rejected after 4 tries" are one failure.
 */
export function normaliseErrorText(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, '<time>')
    .replace(/arn:aws[\w-]*:[^\s"',)]+/g, '<arn>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/"[^"]*"|'[^']*'/g, '"…"')
    .replace(/\b(?=[\w-]*\d)[A-Za-z][\w-]*[-_][\w-]+\b/g, '<id>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<id>')
    .replace(/-?\b\d+(\.\d+)?\b/g, '<n>')
    .replace(/\s+/g, ' ')
    .trim();
}

function errorText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) {
    // `error: {type, message}` / `{name, message}` / `{code}`: the parts that name the failure.
    const parts = ['type', 'name', 'code', 'errorType', 'message', 'errorMessage'].map((k) => value[k]).filter((v): v is string => typeof v === 'string' && v !== '');
    return parts.length > 0 ? parts.join(': ') : undefined;
  }
  return undefined;
}

/** The error fields of a JSON body, shallowest first, in `ERROR_FIELDS` order within a level. */
function findErrorInBody(doc: unknown): { field: string; text: string }[] {
  const found: { field: string; text: string; depth: number; rank: number }[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) return node.slice(0, 20).forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    if (!isObject(node)) return;
    for (const [name, value] of Object.entries(node)) {
      const here = path ? `${path}.${name}` : name;
      if (FIELD_SET.has(name.toLowerCase())) {
        const text = errorText(value);
        if (text) found.push({ field: here, text, depth, rank: ERROR_FIELDS.findIndex((f) => f.toLowerCase() === name.toLowerCase()) });
      }
      if (isObject(value) || Array.isArray(value)) walk(value, here, depth + 1);
    }
  };
  walk(doc, '', 0);
  found.sort((a, b) => a.depth - b.depth || a.rank - b.rank);
  return found;
}

const clip = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/**
 * Why a dead letter failed, as a key equal for every message that failed the same way:
 * - a Lambda on-failure record: the function, the condition and the function error;
 * - else an error field of the body (`errorType` + `errorMessage` when both are there) or of the
 *   message attributes, normalised so ids and numbers do not split one failure into many;
 * - else "no error recorded", keyed by where it was dead-lettered from and what kind of message
 *   it is (its `eventType`/`type` attribute or field, else its top-level field names).
 */
export function errorSignature(message: Pick<QueueMessage, 'body' | 'attributes' | 'sourceQueue'>, failure?: FailureRecordParse): ErrorSignature {
  if (failure?.kind === 'failure_record') {
    const r = failure.record;
    const fn = r.functionName ?? 'unknown function';
    const condition = r.condition ?? 'unknown condition';
    const label = [fn, condition, r.functionError].filter(Boolean).join(' · ');
    return { key: `lambda|${fn}|${condition}|${r.functionError ?? ''}|${r.source}`, label, source: 'failure_record' };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(message.body);
  } catch {
    doc = undefined;
  }
  const inBody = doc !== undefined ? findErrorInBody(doc) : [];
  if (inBody.length > 0) {
    const type = inBody.find((f) => /(^|\.)(errorType|errorCode|exception)$/i.test(f.field));
    const text = inBody.find((f) => f !== type);
    const parts = [type, text].filter((f): f is { field: string; text: string } => Boolean(f)).slice(0, 2);
    const normalised = parts.map((p) => normaliseErrorText(p.text)).join(': ');
    return { key: `body|${normalised}`, label: clip(normalised), source: 'body', field: parts.map((p) => `body.${p.field}`).join(', ') };
  }
  const attribute = ERROR_FIELDS.map((f) => message.attributes.find((a) => a.name.toLowerCase() === f.toLowerCase() && !a.binary)).find(Boolean);
  if (attribute && attribute.value.trim() !== '') {
    const normalised = normaliseErrorText(attribute.value);
    return { key: `attribute|${normalised}`, label: clip(normalised), source: 'attribute', field: `attribute ${attribute.name}` };
  }
  const kind =
    message.attributes.find((a) => /^(eventType|type|messageType|kind)$/i.test(a.name) && !a.binary)?.value ??
    (isObject(doc) ? ['eventType', 'type', 'kind', 'detail-type'].map((k) => doc[k]).find((v): v is string => typeof v === 'string') : undefined) ??
    (isObject(doc) ? `{${Object.keys(doc).sort().slice(0, 6).join(', ')}}` : doc === undefined ? 'text body' : 'JSON body');
  const from = message.sourceQueue ?? 'unknown source';
  return { key: `none|${from}|${kind}`, label: `No error recorded · ${kind} from ${from}`, source: 'none' };
}

/** Messages grouped by signature key, the biggest group first. */
export function groupBySignature<T>(items: T[], signatureOf: (item: T) => ErrorSignature): { signature: ErrorSignature; items: T[] }[] {
  const groups = new Map<string, { signature: ErrorSignature; items: T[] }>();
  for (const item of items) {
    const signature = signatureOf(item);
    const group = groups.get(signature.key);
    if (group) group.items.push(item);
    else groups.set(signature.key, { signature, items: [item] });
  }
  return [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.signature.label.localeCompare(b.signature.label));
}
