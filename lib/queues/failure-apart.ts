/**
 * "What sets these failures apart": which attribute values are much more common among dead
 * letters than among the recent traffic of the same source. Pure: the server feeds it flattened
 * records (dead letters on one side, recent successful or all traffic on the other).
 */

/** One record flattened: a path (`items[].sku`, `@eventType` for a message attribute) → its values. */
export type FlatRecord = Map<string, Set<string>>;

/** Strings longer than this are free text (a note, an address), not a value to count. */
export const MAX_VALUE_CHARS = 120;
/** Depth and breadth bounds: a hostile body must not cost more than a small, fixed amount. */
const MAX_DEPTH = 8;
const MAX_VALUES_PER_RECORD = 400;

function add(out: FlatRecord, path: string, value: string, count: { n: number }): void {
  if (count.n >= MAX_VALUES_PER_RECORD) return;
  let values = out.get(path);
  if (!values) out.set(path, (values = new Set()));
  if (!values.has(value)) {
    values.add(value);
    count.n++;
  }
}

function walk(value: unknown, path: string, out: FlatRecord, depth: number, count: { n: number }): void {
  if (depth > MAX_DEPTH || count.n >= MAX_VALUES_PER_RECORD) return;
  if (value === null) return add(out, path || '(body)', 'null', count);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, `${path}[]`, out, depth + 1, count);
    return;
  }
  switch (typeof value) {
    case 'string':
      if (value.length <= MAX_VALUE_CHARS) add(out, path || '(body)', value, count);
      return;
    case 'number':
    case 'boolean':
      return add(out, path || '(body)', String(value), count);
    case 'object':
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, path ? `${path}.${key}` : key, out, depth + 1, count);
      return;
    default:
      return;
  }
}

/**
 * Flattens a JSON value into path → values: objects by `.`, arrays as `[]` (so every line's
 * `items[].sku` counts), scalars as text. A record counts a value once however often it repeats.
 */
export function flattenJson(value: unknown, into: FlatRecord = new Map()): FlatRecord {
  walk(value, '', into, 0, { n: [...into.values()].reduce((s, v) => s + v.size, 0) });
  return into;
}

/** A message's body (when it is JSON) and its message attributes (as `@name`), flattened. */
export function flattenMessage(message: { body: string; attributes?: { name: string; value: string; binary: boolean }[] }): FlatRecord {
  const out: FlatRecord = new Map();
  const body = message.body.trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    try {
      flattenJson(JSON.parse(body), out);
    } catch {
      // Not JSON after all: only its attributes say anything.
    }
  }
  for (const a of message.attributes ?? []) {
    if (!a.binary && a.value.length <= MAX_VALUE_CHARS) out.set(`@${a.name}`, new Set([a.value]));
  }
  return out;
}

export interface ApartValue {
  path: string;
  value: string;
  /** Dead letters carrying the value, and their share of all dead letters compared. */
  failures: number;
  failureShare: number;
  /** Baseline records carrying the value, and their share. */
  baseline: number;
  baselineShare: number;
  /** failureShare / baselineShare, the baseline share smoothed so a value never seen there is finite. */
  lift: number;
  /** The ranking score: failureShare × ln(lift), lift weighted by support. */
  score: number;
  /** Values carried by exactly the same records (e.g. a SKU's unit price): shown with this one. */
  also: { path: string; value: string }[];
  /**
   * Values found only on failures that carry this one and not markedly more failure-prone
   * (e.g. the `total` of a one-line order of this SKU): a narrower view of the same cause.
   */
  narrower: { path: string; value: string; failures: number }[];
}

export interface ApartRanking {
  values: ApartValue[];
  failuresCompared: number;
  baselineCompared: number;
  /** Paths the failures carry but the baseline never does (e.g. message attributes against stream images): not comparable. */
  uncomparablePaths: string[];
}

export interface RankOptions {
  /** A value must be on at least this share of the failures… */
  minSupport?: number;
  /** …and on at least this many of them. */
  minFailures?: number;
  /** Only values at least this many times more common among failures. */
  minLift?: number;
  limit?: number;
}

interface Tally {
  path: string;
  value: string;
  failureIds: number[];
  baselineIds: number[];
}

const key = (path: string, value: string) => `${path}\u0000${value}`;

function tally(records: FlatRecord[], paths: Set<string> | undefined, side: 'failureIds' | 'baselineIds', into: Map<string, Tally>): void {
  records.forEach((record, i) => {
    for (const [path, values] of record) {
      if (paths && !paths.has(path)) continue;
      for (const value of values) {
        const k = key(path, value);
        let t = into.get(k);
        if (!t) into.set(k, (t = { path, value, failureIds: [], baselineIds: [] }));
        t[side].push(i);
      }
    }
  });
}

/** Which of two equally covering values leads: a string over a number (a SKU over its price), then the shorter, then A–Z. */
function leads(a: Tally, b: Tally): number {
  const numeric = (t: Tally) => (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t.value) ? 1 : 0);
  return numeric(a) - numeric(b) || a.path.length - b.path.length || a.path.localeCompare(b.path) || a.value.localeCompare(b.value);
}

/**
 * Ranks the values that set the failures apart from the baseline: for each value on enough of
 * the failures (support) the lift is failureShare / baselineShare; values are ranked by
 * failureShare × ln(lift), so a value on 40 % of failures that is 10× more common there beats
 * one on two failures that happens to be 30× more common. Only paths the baseline carries are
 * compared. Values on exactly the same records (a SKU and its unit price) are one row.
 */
export function rankFailureApart(failures: FlatRecord[], baseline: FlatRecord[], options: RankOptions = {}): ApartRanking {
  const F = failures.length;
  const B = baseline.length;
  const empty: ApartRanking = { values: [], failuresCompared: F, baselineCompared: B, uncomparablePaths: [] };
  if (F === 0 || B === 0) return empty;
  const minSupport = options.minSupport ?? 0.05;
  const minFailures = Math.max(1, options.minFailures ?? 3);
  const minLift = options.minLift ?? 1.5;

  const baselinePaths = new Set<string>();
  for (const r of baseline) for (const p of r.keys()) baselinePaths.add(p);
  const failurePaths = new Set<string>();
  for (const r of failures) for (const p of r.keys()) failurePaths.add(p);
  const uncomparablePaths = [...failurePaths].filter((p) => !baselinePaths.has(p)).sort();

  const tallies = new Map<string, Tally>();
  tally(failures, baselinePaths, 'failureIds', tallies);
  const minCount = Math.max(minFailures, Math.ceil(minSupport * F));
  for (const [k, t] of tallies) if (t.failureIds.length < minCount) tallies.delete(k);
  // Baseline counts only for the values that passed support: the baseline can be much larger.
  const wanted = new Set([...tallies.values()].map((t) => t.path));
  baseline.forEach((record, i) => {
    for (const path of wanted) {
      for (const value of record.get(path) ?? []) tallies.get(key(path, value))?.baselineIds.push(i);
    }
  });

  // Values on exactly the same failures and baseline records are one finding.
  const groups = new Map<string, Tally[]>();
  for (const t of tallies.values()) {
    const signature = `${t.failureIds.join(',')}|${t.baselineIds.join(',')}`;
    const group = groups.get(signature);
    if (group) group.push(t);
    else groups.set(signature, [t]);
  }

  const values: ApartValue[] = [];
  const failureIds = new Map<ApartValue, number[]>();
  for (const group of groups.values()) {
    group.sort(leads);
    const [lead, ...rest] = group;
    const failureShare = lead.failureIds.length / F;
    // Half a record of smoothing: a value the baseline never carries gets a large, finite lift.
    const baselineShare = lead.baselineIds.length / B;
    const smoothed = (lead.baselineIds.length + 0.5) / (B + 1);
    const lift = failureShare / smoothed;
    if (lift < minLift) continue;
    const value: ApartValue = {
      path: lead.path,
      value: lead.value,
      failures: lead.failureIds.length,
      failureShare,
      baseline: lead.baselineIds.length,
      baselineShare,
      lift,
      score: failureShare * Math.log(lift),
      also: rest.map((t) => ({ path: t.path, value: t.value })),
      narrower: [],
    };
    values.push(value);
    failureIds.set(value, lead.failureIds);
  }
  values.sort((a, b) => b.score - a.score || b.failures - a.failures || a.path.localeCompare(b.path) || a.value.localeCompare(b.value));
  const kept = foldNarrower(values, failureIds);
  return { values: kept.slice(0, options.limit ?? 20), failuresCompared: F, baselineCompared: B, uncomparablePaths };
}

/** A narrower value must be this many times more failure-prone than the broader one to stand on its own. */
const NARROWER_LIFT_GAIN = 2;

/**
 * Folds each value whose failures all carry a higher-ranked value, and whose lift is less than
 * NARROWER_LIFT_GAIN times that value's, under it: it explains nothing the broader one does not
 * (a one-line order's `total` beside its SKU) and would otherwise take a place in the ranking
 * by chance of support. `values` is sorted best first; ids are sorted ascending.
 */
function foldNarrower(values: ApartValue[], failureIds: Map<ApartValue, number[]>): ApartValue[] {
  const kept: ApartValue[] = [];
  for (const value of values) {
    const ids = failureIds.get(value) ?? [];
    const broader = kept.find((k) => value.lift < NARROWER_LIFT_GAIN * k.lift && isSubset(ids, new Set(failureIds.get(k))));
    if (broader) broader.narrower.push({ path: value.path, value: value.value, failures: value.failures });
    else kept.push(value);
  }
  return kept;
}

function isSubset(ids: number[], of: Set<number>): boolean {
  return ids.every((id) => of.has(id));
}

/** `/api/queues/<dlq>/failure-apart`: the panel's analysis. */
export interface FailureApart {
  dlqName: string;
  /** What the failures were compared with, in words; undefined when nothing could be. */
  baseline?: { kind: 'stream'; table: string; records: number; source: 'ring' | 'history' };
  /** Why there is no comparison, in words, when there is none. */
  unavailable?: string;
  values: ApartValue[];
  failuresCompared: number;
  /** Dead letters in the queue (approximate; undefined when SQS did not return the counts) and how many were read. */
  approximateTotal?: number;
  failuresRead: number;
  /** Lambda failure records resolved to the stream records they name. */
  resolvedFailureRecords: number;
  uncomparablePaths: string[];
  sqsCalls: number;
  /** When the dead letters compared are those a browse of the DLQ had just read (no receive of their own), when they are. */
  reusedBrowseAt?: string;
  computedAt: string;
  /** Where the time went (ms): the flow's configuration, the dead letters' receive scan, the stream's records, the ranking. */
  timings: { flowMs: number; deadLettersMs: number; streamMs: number; rankMs: number };
  /** Whether this answer came from the cache. */
  cached: boolean;
}

/** "41 %", "0.3 %", "< 0.1 %": a share for the panel. */
export function formatShare(share: number): string {
  if (share === 0) return '0 %';
  const pct = share * 100;
  if (pct < 0.1) return '< 0.1 %';
  if (pct < 10) return `${pct.toFixed(1).replace(/\.0$/, '')} %`;
  return `${Math.round(pct)} %`;
}

/** The DLQ filter that shows the dead letters carrying a value: `items[].sku = "GLASS-VASE"` or `@eventType = "X"`. */
export function filterFor(v: { path: string; value: string }): { where?: string; attr?: string } {
  if (v.path.startsWith('@')) return { attr: `${v.path.slice(1)}=${v.value}` };
  const literal = /^-?\d+(\.\d+)?$/.test(v.value) || v.value === 'true' || v.value === 'false' || v.value === 'null' ? v.value : JSON.stringify(v.value);
  return { where: `${v.path} = ${literal}` };
}
