/**
 * A Logs Insights subset (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html):
 * `fields a, b as c`, `filter` (`= != < <= > >=`, `like "text"`, `like /re/`, `=~ /re/`,
 * `in [...]`, `ispresent(f)`, `and`/`or`/`not`, parentheses), `sort f [asc|desc]`, `limit n`,
 * `stats count(*)|count(f) [as x] by f1, bin(5m)`. Anything else is a `MalformedQueryException`.
 */

export class QuerySyntaxError extends Error {}

/** One event as the query sees it: system fields plus JSON fields flattened (`a.b.c`). */
export type QueryRecord = Record<string, string | number | boolean | null>;

type Filter =
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; inner: Filter }
  | { kind: 'present'; field: string }
  | { kind: 'cmp'; field: string; op: string; value: string | number }
  | { kind: 'match'; field: string; re: RegExp }
  | { kind: 'in'; field: string; values: (string | number)[] };

type Command =
  | { kind: 'fields'; fields: { source: string; name: string }[] }
  | { kind: 'filter'; filter: Filter }
  | { kind: 'sort'; keys: { field: string; desc: boolean }[] }
  | { kind: 'limit'; n: number }
  | { kind: 'stats'; aggregates: { fn: 'count'; field?: string; name: string }[]; by: { field: string; binMs?: number; name: string }[] };

export interface CompiledQuery {
  commands: Command[];
}

/** Splits on `|` outside quotes and regex literals. */
function splitPipes(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const c of query) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === '/') {
      quote = c;
    } else if (c === '|') {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function splitCommas(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(' || c === '[') depth += 1;
    if (c === ')' || c === ']') depth -= 1;
    if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const FIELD = /^[@A-Za-z_][\w.@$-]*$/;

function field(text: string): string {
  const trimmed = text.trim().replace(/^`(.*)`$/, '$1');
  if (!FIELD.test(trimmed)) throw new QuerySyntaxError(`Unexpected field expression: ${text.trim()}`);
  return trimmed;
}

class FilterParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Filter {
    const f = this.parseOr();
    this.skip();
    if (this.pos < this.src.length) this.fail('unexpected text');
    return f;
  }

  private fail(why: string): never {
    throw new QuerySyntaxError(`filter: ${why} at "${this.src.slice(this.pos, this.pos + 20)}"`);
  }

  private skip() {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos += 1;
  }

  private word(w: string): boolean {
    this.skip();
    const re = new RegExp(`^${w}\\b`, 'i');
    const m = re.exec(this.src.slice(this.pos));
    if (m) this.pos += m[0].length;
    return Boolean(m);
  }

  private parseOr(): Filter {
    let left = this.parseAnd();
    while (this.word('or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseNot();
    while (this.word('and')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Filter {
    if (this.word('not')) return { kind: 'not', inner: this.parseNot() };
    this.skip();
    if (this.src[this.pos] === '(') {
      this.pos += 1;
      const inner = this.parseOr();
      this.skip();
      if (this.src[this.pos] !== ')') this.fail('expected )');
      this.pos += 1;
      return inner;
    }
    const present = /^ispresent\(\s*([^)\s]+)\s*\)/i.exec(this.src.slice(this.pos));
    if (present) {
      this.pos += present[0].length;
      return { kind: 'present', field: field(present[1]) };
    }
    const name = /^[@A-Za-z_`][\w.@$`-]*/.exec(this.src.slice(this.pos));
    if (!name) this.fail('expected a field');
    this.pos += name[0].length;
    const f = field(name[0]);
    this.skip();
    const rest = this.src.slice(this.pos);
    const like = /^(like|=~)\s*/i.exec(rest);
    if (like) {
      this.pos += like[0].length;
      const v = this.literal();
      const re = v instanceof RegExp ? v : new RegExp(String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return { kind: 'match', field: f, re };
    }
    if (this.word('in')) {
      this.skip();
      const end = this.src.indexOf(']', this.pos);
      if (this.src[this.pos] !== '[' || end < 0) this.fail('expected [...]');
      const values = splitCommas(this.src.slice(this.pos + 1, end)).map((v) => literalOf(v));
      this.pos = end + 1;
      return { kind: 'in', field: f, values: values.map((v) => (v instanceof RegExp ? v.source : v)) };
    }
    const op = /^(!=|<=|>=|==|=|<|>)/.exec(rest)?.[0];
    if (!op) this.fail('expected a comparison');
    this.pos += op.length;
    const v = this.literal();
    if (v instanceof RegExp) this.fail('a regular expression needs like');
    return { kind: 'cmp', field: f, op: op === '==' ? '=' : op, value: v };
  }

  private literal(): string | number | RegExp {
    this.skip();
    const rest = this.src.slice(this.pos);
    const m = /^("[^"]*"|'[^']*'|\/(?:\\\/|[^/])*\/i?|[^\s()]+)/.exec(rest);
    if (!m) this.fail('expected a value');
    this.pos += m[0].length;
    return literalOf(m[0]);
  }
}

function literalOf(text: string): string | number | RegExp {
  const t = text.trim();
  if (/^".*"$|^'.*'$/s.test(t)) return t.slice(1, -1);
  const re = /^\/(.*)\/(i?)$/s.exec(t);
  if (re) {
    try {
      return new RegExp(re[1].replace(/\\\//g, '/'), re[2]);
    } catch {
      throw new QuerySyntaxError(`Invalid regular expression ${t}`);
    }
  }
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}

const BIN_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a query string; throws QuerySyntaxError for anything outside the subset. */
export function compileQuery(query: string): CompiledQuery {
  const commands: Command[] = [];
  for (const part of splitPipes(query)) {
    const m = /^(\w+)\s*(.*)$/s.exec(part);
    if (!m) throw new QuerySyntaxError(`Unexpected text: ${part}`);
    const [, name, args] = m;
    switch (name.toLowerCase()) {
      case 'fields':
      case 'display':
        commands.push({
          kind: 'fields',
          fields: splitCommas(args).map((f) => {
            const alias = /^(.*?)\s+as\s+(\S+)$/i.exec(f);
            return alias ? { source: field(alias[1]), name: alias[2] } : { source: field(f), name: field(f) };
          }),
        });
        break;
      case 'filter':
        commands.push({ kind: 'filter', filter: new FilterParser(args).parse() });
        break;
      case 'sort':
        commands.push({
          kind: 'sort',
          keys: splitCommas(args).map((k) => {
            const s = /^(\S+)(?:\s+(asc|desc))?$/i.exec(k);
            if (!s) throw new QuerySyntaxError(`sort: unexpected ${k}`);
            return { field: field(s[1]), desc: (s[2] ?? 'desc').toLowerCase() === 'desc' };
          }),
        });
        break;
      case 'limit': {
        const n = Number(args.trim());
        if (!Number.isInteger(n) || n < 1) throw new QuerySyntaxError(`limit: expected a positive whole number, got ${args.trim()}`);
        commands.push({ kind: 'limit', n });
        break;
      }
      case 'stats': {
        const s = /^(.*?)(?:\s+by\s+(.*))?$/is.exec(args.trim());
        if (!s) throw new QuerySyntaxError('stats: expected an aggregate');
        const aggregates = splitCommas(s[1]).map((a) => {
          const am = /^count\(\s*(\*|[^)\s]+)?\s*\)(?:\s+as\s+(\S+))?$/i.exec(a);
          if (!am) throw new QuerySyntaxError(`stats: only count(*) and count(field) are supported, got ${a}`);
          const source = am[1] && am[1] !== '*' ? field(am[1]) : undefined;
          return { fn: 'count' as const, field: source, name: am[2] ?? `count(${am[1] ?? ''})` };
        });
        const by = s[2]
          ? splitCommas(s[2]).map((b) => {
              const bm = /^bin\(\s*(\d+)\s*([smhd])\s*\)(?:\s+as\s+(\S+))?$/i.exec(b);
              if (bm) return { field: '@timestamp', binMs: Number(bm[1]) * BIN_UNITS[bm[2].toLowerCase()], name: bm[3] ?? `bin(${bm[1]}${bm[2]})` };
              const alias = /^(\S+)(?:\s+as\s+(\S+))?$/i.exec(b);
              if (!alias) throw new QuerySyntaxError(`stats: unexpected by ${b}`);
              return { field: field(alias[1]), name: alias[2] ?? field(alias[1]) };
            })
          : [];
        commands.push({ kind: 'stats', aggregates, by });
        break;
      }
      default:
        throw new QuerySyntaxError(`Unsupported command: ${name}`);
    }
  }
  return { commands };
}

function test(filter: Filter, r: QueryRecord): boolean {
  switch (filter.kind) {
    case 'and':
      return test(filter.left, r) && test(filter.right, r);
    case 'or':
      return test(filter.left, r) || test(filter.right, r);
    case 'not':
      return !test(filter.inner, r);
    case 'present':
      return r[filter.field] !== undefined;
    case 'match': {
      const v = r[filter.field];
      return v !== undefined && v !== null && filter.re.test(String(v));
    }
    case 'in': {
      const v = r[filter.field];
      return v !== undefined && filter.values.some((x) => String(x) === String(v));
    }
    case 'cmp': {
      const v = r[filter.field];
      if (v === undefined || v === null) return filter.op === '!=';
      const numeric = typeof filter.value === 'number' && typeof v === 'number';
      const a = numeric ? (v as number) : String(v);
      const b = numeric ? filter.value : String(filter.value);
      switch (filter.op) {
        case '=':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        default:
          return a >= b;
      }
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, how Insights renders `@timestamp`. */
export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export interface QueryOutput {
  rows: { field: string; value: string }[][];
  recordsMatched: number;
}

/**
 * Runs a compiled query over records (in ascending time). Without `sort`, rows come newest
 * first, as Insights answers; without `fields`, `@timestamp` and `@message` are shown.
 */
export function runQuery(query: CompiledQuery, records: QueryRecord[], limit: number): QueryOutput {
  let rows: QueryRecord[] = records;
  let projected: string[] | undefined;
  let sorted = false;
  let cap = limit;
  let matched = records.length;
  for (const command of query.commands) {
    switch (command.kind) {
      case 'filter':
        rows = rows.filter((r) => test(command.filter, r));
        matched = rows.length;
        break;
      case 'fields':
        rows = rows.map((r) => {
          const out: QueryRecord = { ...r };
          for (const f of command.fields) if (r[f.source] !== undefined) out[f.name] = r[f.source];
          return out;
        });
        projected = [...new Set([...(projected ?? []), ...command.fields.map((f) => f.name)])];
        break;
      case 'sort':
        rows = [...rows].sort((a, b) => {
          for (const k of command.keys) {
            const c = compareValues(a[k.field], b[k.field]);
            if (c !== 0) return k.desc ? -c : c;
          }
          return 0;
        });
        sorted = true;
        break;
      case 'limit':
        cap = Math.min(cap, command.n);
        break;
      case 'stats': {
        const groups = new Map<string, { key: QueryRecord; counts: number[] }>();
        for (const r of rows) {
          const key: QueryRecord = {};
          for (const b of command.by) {
            const v = r[b.field];
            key[b.name] = b.binMs !== undefined && typeof v === 'number' ? insightsTime(Math.floor(v / b.binMs) * b.binMs) : (v ?? null);
          }
          const id = JSON.stringify(key);
          let g = groups.get(id);
          if (!g) groups.set(id, (g = { key, counts: command.aggregates.map(() => 0) }));
          command.aggregates.forEach((a, i) => {
            if (!a.field || (r[a.field] !== undefined && r[a.field] !== null)) g.counts[i] += 1;
          });
        }
        rows = [...groups.values()].map((g) => {
          const out: QueryRecord = { ...g.key };
          command.aggregates.forEach((a, i) => (out[a.name] = g.counts[i]));
          return out;
        });
        projected = [...command.by.map((b) => b.name), ...command.aggregates.map((a) => a.name)];
        sorted = true;
        break;
      }
    }
  }
  if (!sorted) rows = [...rows].reverse();
  const shown = projected ?? ['@timestamp', '@message'];
  return {
    recordsMatched: matched,
    rows: rows.slice(0, cap).map((r) => {
      const cells: { field: string; value: string }[] = [];
      for (const f of shown) {
        const v = r[f];
        if (v === undefined || v === null) continue;
        cells.push({ field: f, value: f === '@timestamp' && typeof v === 'number' ? insightsTime(v) : String(v) });
      }
      if (r['@ptr'] !== undefined) cells.push({ field: '@ptr', value: String(r['@ptr']) });
      return cells;
    }),
  };
}
