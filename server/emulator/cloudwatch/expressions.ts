/**
 * A small subset of CloudWatch metric math for GetMetricData `Expression` queries: arithmetic on
 * time series and scalars, `METRICS()`, array literals, and the functions in `FUNCTIONS`.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */

/** A time series, timestamps ascending in epoch seconds, values paired by index. */
export interface TimeSeries {
  timestamps: number[];
  values: number[];
}

export type MathValue = { kind: 'scalar'; value: number } | { kind: 'series'; series: TimeSeries } | { kind: 'array'; items: TimeSeries[] };

/** What an expression can see: the other queries' series by Id, and the ids of every MetricStat query. */
export interface MathEnvironment {
  resolve(id: string): TimeSeries;
  metricIds(): string[];
}

/** A malformed expression or an unknown reference: CloudWatch rejects the request. */
export class ExpressionError extends Error {}
/** A valid metric math function the emulator does not implement: the query alone fails. */
export class UnsupportedExpressionError extends Error {}

type Node =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ref'; id: string }
  | { type: 'array'; items: Node[] }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'neg'; operand: Node }
  | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: Node; right: Node };

type Token = { kind: 'number'; value: number } | { kind: 'string'; value: string } | { kind: 'name'; value: string } | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|("[^"]*"|'[^']*')|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^(),[\]]))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) throw new ExpressionError(`Unexpected character at position ${index + 1}.`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', value: match[2].slice(1, -1) });
    else if (match[3] !== undefined) tokens.push({ kind: 'name', value: match[3] });
    else tokens.push({ kind: 'punct', value: match[4] });
  }
  return tokens;
}

/** Parses an expression into a tree; precedence `^` over unary minus over `* /` over `+ -`. */
export function parseExpression(text: string): Node {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isPunct = (value: string) => peek()?.kind === 'punct' && peek().value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) throw new ExpressionError(`Expected '${value}'${peek() ? ` but found '${peek().value}'` : ' at the end'}.`);
    pos++;
  };
  const list = (close: string): Node[] => {
    const items: Node[] = [];
    if (isPunct(close)) {
      pos++;
      return items;
    }
    for (;;) {
      items.push(sum());
      if (isPunct(',')) {
        pos++;
        continue;
      }
      expect(close);
      return items;
    }
  };
  const primary = (): Node => {
    const token = tokens[pos++];
    if (!token) throw new ExpressionError('The expression ends too early.');
    if (token.kind === 'number') return { type: 'number', value: token.value };
    if (token.kind === 'string') return { type: 'string', value: token.value };
    if (token.kind === 'name') {
      if (isPunct('(')) {
        pos++;
        return { type: 'call', name: token.value, args: list(')') };
      }
      return { type: 'ref', id: token.value };
    }
    if (token.value === '(') {
      const inner = sum();
      expect(')');
      return inner;
    }
    if (token.value === '[') return { type: 'array', items: list(']') };
    throw new ExpressionError(`Unexpected '${token.value}'.`);
  };
  const power = (): Node => {
    const base = primary();
    if (!isPunct('^')) return base;
    pos++;
    return { type: 'binary', op: '^', left: base, right: unary() };
  };
  const unary = (): Node => {
    if (isPunct('-')) {
      pos++;
      return { type: 'neg', operand: unary() };
    }
    if (isPunct('+')) {
      pos++;
      return unary();
    }
    return power();
  };
  const product = (): Node => {
    let left = unary();
    while (isPunct('*') || isPunct('/')) {
      const op = tokens[pos++].value as '*' | '/';
      left = { type: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (isPunct('+') || isPunct('-')) {
      const op = tokens[pos++].value as '+' | '-';
      left = { type: 'binary', op, left, right: product() };
    }
    return left;
  };
  const root = sum();
  if (pos < tokens.length) throw new ExpressionError(`Unexpected '${tokens[pos].value}'.`);
  return root;
}

/** CloudWatch drops non-finite results (a division by zero) rather than returning them. */
function mapSeries(series: TimeSeries, f: (value: number, index: number) => number): TimeSeries {
  const out: TimeSeries = { timestamps: [], values: [] };
  series.values.forEach((value, i) => {
    const result = f(value, i);
    if (Number.isFinite(result)) {
      out.timestamps.push(series.timestamps[i]);
      out.values.push(result);
    }
  });
  return out;
}

/** Two series meet only at timestamps both have, as in CloudWatch's arithmetic. */
function zipSeries(a: TimeSeries, b: TimeSeries, f: (x: number, y: number) => number): TimeSeries {
  const out: TimeSeries = { timestamps: [], values: [] };
  let i = 0;
  let j = 0;
  while (i < a.timestamps.length && j < b.timestamps.length) {
    if (a.timestamps[i] < b.timestamps[j]) i++;
    else if (a.timestamps[i] > b.timestamps[j]) j++;
    else {
      const result = f(a.values[i], b.values[j]);
      if (Number.isFinite(result)) {
        out.timestamps.push(a.timestamps[i]);
        out.values.push(result);
      }
      i++;
      j++;
    }
  }
  return out;
}

const OPERATORS: Record<string, (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '^': (x, y) => x ** y,
};

function applyBinary(op: string, left: MathValue, right: MathValue): MathValue {
  const f = OPERATORS[op];
  if (left.kind === 'scalar' && right.kind === 'scalar') return { kind: 'scalar', value: f(left.value, right.value) };
  if (left.kind === 'series' && right.kind === 'series') return { kind: 'series', series: zipSeries(left.series, right.series, f) };
  if (left.kind === 'series' && right.kind === 'scalar') return { kind: 'series', series: mapSeries(left.series, (v) => f(v, right.value)) };
  if (left.kind === 'scalar' && right.kind === 'series') return { kind: 'series', series: mapSeries(right.series, (v) => f(left.value, v)) };
  if (left.kind === 'array' && right.kind === 'scalar') return { kind: 'array', items: left.items.map((s) => mapSeries(s, (v) => f(v, right.value))) };
  if (left.kind === 'scalar' && right.kind === 'array') return { kind: 'array', items: right.items.map((s) => mapSeries(s, (v) => f(left.value, v))) };
  throw new ExpressionError(`The operator ${op} cannot combine ${left.kind === 'array' || right.kind === 'array' ? 'an array of time series with a time series' : 'these operands'}.`);
}

type Reducer = (values: number[]) => number;
const REDUCERS: Record<string, Reducer> = {
  SUM: (v) => v.reduce((a, b) => a + b, 0),
  AVG: (v) => v.reduce((a, b) => a + b, 0) / v.length,
  MIN: (v) => Math.min(...v),
  MAX: (v) => Math.max(...v),
  STDDEV: (v) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  },
};

/**
 * `SUM(m1)` of one series is a scalar over all its points; `SUM([m1, m2])` or `SUM(METRICS())`
 * is one series whose value at each timestamp reduces the series that have a point there.
 */
function reduce(name: string, value: MathValue): MathValue {
  const f = REDUCERS[name];
  if (value.kind === 'scalar') return value;
  if (value.kind === 'series') return { kind: 'scalar', value: f(value.series.values) };
  const byTime = new Map<number, number[]>();
  for (const series of value.items) {
    series.timestamps.forEach((t, i) => {
      let bucket = byTime.get(t);
      if (!bucket) byTime.set(t, (bucket = []));
      bucket.push(series.values[i]);
    });
  }
  const timestamps = [...byTime.keys()].sort((a, b) => a - b);
  return { kind: 'series', series: { timestamps, values: timestamps.map((t) => f(byTime.get(t)!)) } };
}

function asSeries(value: MathValue, fn: string): TimeSeries {
  if (value.kind !== 'series') throw new ExpressionError(`${fn} expects a time series.`);
  return value.series;
}

/** Valid CloudWatch functions the emulator does not compute; their queries fail alone, with a message. */
const KNOWN_UNSUPPORTED = new Set([
  'ANOMALY_DETECTION_BAND', 'CEIL', 'DATAPOINT_COUNT', 'DB_PERF_INSIGHTS', 'FIRST', 'FLOOR', 'IF', 'INSIGHT_RULE_METRIC', 'LAMBDA',
  'LAST', 'LOG', 'LOG10', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR', 'EPOCH', 'RUNNING_SUM', 'SEARCH', 'SERVICE_QUOTA', 'SLICE',
  'SORT', 'TIME_SERIES', 'AVG_OVER_TIME', 'SUM_OVER_TIME', 'MAX_OVER_TIME', 'MIN_OVER_TIME', 'PERIOD', 'REMOVE_EMPTY', 'CONCAT',
]);

/** Evaluates a parsed expression. References are resolved through `env`, which detects cycles. */
export function evaluate(node: Node, env: MathEnvironment): MathValue {
  switch (node.type) {
    case 'number':
      return { kind: 'scalar', value: node.value };
    case 'string':
      throw new ExpressionError('A string is only allowed as an argument of METRICS.');
    case 'ref':
      return { kind: 'series', series: env.resolve(node.id) };
    case 'array':
      return { kind: 'array', items: node.items.map((item) => asSeries(evaluate(item, env), 'An array')) };
    case 'neg':
      return applyBinary('*', { kind: 'scalar', value: -1 }, evaluate(node.operand, env));
    case 'binary':
      return applyBinary(node.op, evaluate(node.left, env), evaluate(node.right, env));
    case 'call':
      return call(node.name, node.args, env);
  }
}

function call(name: string, args: Node[], env: MathEnvironment): MathValue {
  const arity = (n: number) => {
    if (args.length !== n) throw new ExpressionError(`${name} takes ${n} argument${n === 1 ? '' : 's'}, but ${args.length} were given.`);
  };
  if (name === 'METRICS') {
    if (args.length > 1 || (args[0] && args[0].type !== 'string')) throw new ExpressionError('METRICS takes at most one string argument.');
    const filter = args[0]?.type === 'string' ? args[0].value : '';
    return { kind: 'array', items: env.metricIds().filter((id) => id.includes(filter)).map((id) => env.resolve(id)) };
  }
  if (name in REDUCERS) {
    arity(1);
    return reduce(name, evaluate(args[0], env));
  }
  if (name === 'ABS') {
    arity(1);
    const value = evaluate(args[0], env);
    if (value.kind === 'scalar') return { kind: 'scalar', value: Math.abs(value.value) };
    if (value.kind === 'series') return { kind: 'series', series: mapSeries(value.series, Math.abs) };
    return { kind: 'array', items: value.items.map((s) => mapSeries(s, Math.abs)) };
  }
  if (name === 'DIFF' || name === 'RATE') {
    arity(1);
    const series = asSeries(evaluate(args[0], env), name);
    // Each point minus the previous one (per second for RATE); the first point has no predecessor.
    const out: TimeSeries = { timestamps: [], values: [] };
    for (let i = 1; i < series.values.length; i++) {
      const diff = series.values[i] - series.values[i - 1];
      out.timestamps.push(series.timestamps[i]);
      out.values.push(name === 'RATE' ? diff / (series.timestamps[i] - series.timestamps[i - 1]) : diff);
    }
    return { kind: 'series', series: out };
  }
  if (KNOWN_UNSUPPORTED.has(name) || name === 'FILL') throw new UnsupportedExpressionError(`The metric math function ${name} is not supported by the emulator.`);
  throw new ExpressionError(`Unrecognized function ${name}.`);
}
