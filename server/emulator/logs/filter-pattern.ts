/**
 * CloudWatch Logs filter patterns, the subset the emulator speaks
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 * - unstructured: terms (all must occur), `"quoted phrases"`, `?term` (any of the `?` terms),
 *   `-term` (must not occur), `%regex%`; terms match case-sensitively as substrings, as moto and
 *   LocalStack do (AWS does not document whether a term must be a whole word);
 * - JSON: `{ $.a.b[0] = "x*" }`, `!=`, numeric `< <= > >= = !=`, `IS TRUE|FALSE|NULL`,
 *   `NOT EXISTS`, `EXISTS`, `%regex%` values, `&&` / `||` with parentheses. A message that is
 *   not a JSON object never matches a JSON pattern.
 * Space-delimited patterns (`[a, b = x]`) are refused with a clear error rather than guessed.
 */

export class FilterPatternError extends Error {}

export type MessageMatcher = (message: string) => boolean;

/** Compiles a pattern once; the matcher then runs per event. */
export function compileFilterPattern(pattern: string | undefined): MessageMatcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw new FilterPatternError('Space-delimited filter patterns ([...]) are not supported by this emulator.');
  return compileTermPattern(text);
}

// ---------------------------------------------------------------------------------------------
// Unstructured terms

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i += 1;
      continue;
    }
    let prefix = '';
    if ((text[i] === '?' || text[i] === '-') && i + 1 < text.length && !/\s/.test(text[i + 1])) {
      prefix = text[i];
      i += 1;
    }
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new FilterPatternError('Invalid filter pattern: unterminated quoted phrase.');
      tokens.push(`${prefix}"${text.slice(i + 1, end)}`);
      i = end + 1;
    } else if (text[i] === '%') {
      const end = text.indexOf('%', i + 1);
      if (end < 0) throw new FilterPatternError('Invalid filter pattern: unterminated regular expression.');
      tokens.push(`${prefix}%${text.slice(i + 1, end)}`);
      i = end + 1;
    } else {
      let end = i;
      while (end < text.length && !/\s/.test(text[end])) end += 1;
      tokens.push(`${prefix}'${text.slice(i, end)}`);
      i = end;
    }
  }
  return tokens;
}

function regexOf(source: string): RegExp {
  if (/[()]/.test(source)) throw new FilterPatternError('Invalid filter pattern: regular expressions may not contain parentheses.');
  try {
    return new RegExp(source);
  } catch {
    throw new FilterPatternError(`Invalid filter pattern: bad regular expression %${source}%.`);
  }
}

function compileTermPattern(text: string): MessageMatcher {
  const all: MessageMatcher[] = [];
  const any: MessageMatcher[] = [];
  const none: MessageMatcher[] = [];
  let regexes = 0;
  for (const token of tokenize(text)) {
    const optional = token.startsWith('?');
    const negated = token.startsWith('-');
    const body = optional || negated ? token.slice(1) : token;
    const kind = body[0];
    const value = body.slice(1);
    let test: MessageMatcher;
    if (kind === '%') {
      regexes += 1;
      const re = regexOf(value);
      test = (m) => re.test(m);
    } else {
      test = (m) => m.includes(value);
    }
    (optional ? any : negated ? none : all).push(test);
  }
  if (regexes > 2) throw new FilterPatternError('Invalid filter pattern: at most 2 regular expressions are allowed.');
  return (message) => all.every((t) => t(message)) && (any.length === 0 || any.some((t) => t(message))) && !none.some((t) => t(message));
}

// ---------------------------------------------------------------------------------------------
// JSON patterns

type JsonExpr =
  | { kind: 'and' | 'or'; left: JsonExpr; right: JsonExpr }
  | { kind: 'cmp'; path: PathStep[]; op: string; value: JsonLiteral };

type PathStep = string | number;
type JsonLiteral = { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'regex'; value: RegExp } | { type: 'keyword'; value: 'TRUE' | 'FALSE' | 'NULL' | 'EXISTS' | 'NOT EXISTS' };

class JsonPatternParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): JsonExpr {
    this.expect('{');
    const expr = this.parseOr();
    this.expect('}');
    this.skip();
    if (this.pos !== this.src.length) this.fail('unexpected text after }');
    return expr;
  }

  private fail(why: string): never {
    throw new FilterPatternError(`Invalid filter pattern: ${why} at character ${this.pos + 1}.`);
  }

  private skip(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos += 1;
  }

  private peek(s: string): boolean {
    this.skip();
    return this.src.startsWith(s, this.pos);
  }

  private expect(s: string): void {
    if (!this.peek(s)) this.fail(`expected "${s}"`);
    this.pos += s.length;
  }

  private parseOr(): JsonExpr {
    let left = this.parseAnd();
    while (this.peek('||')) {
      this.pos += 2;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JsonExpr {
    let left = this.parseUnit();
    while (this.peek('&&')) {
      this.pos += 2;
      left = { kind: 'and', left, right: this.parseUnit() };
    }
    return left;
  }

  private parseUnit(): JsonExpr {
    if (this.peek('(')) {
      this.pos += 1;
      const inner = this.parseOr();
      this.expect(')');
      return inner;
    }
    const path = this.parsePath();
    this.skip();
    const rest = this.src.slice(this.pos);
    const keyword = /^(IS\s+(TRUE|FALSE|NULL)|NOT\s+EXISTS|EXISTS)\b/i.exec(rest);
    if (keyword) {
      this.pos += keyword[0].length;
      const word = keyword[0].toUpperCase().replace(/\s+/g, ' ').replace(/^IS /, '') as 'TRUE' | 'FALSE' | 'NULL' | 'EXISTS' | 'NOT EXISTS';
      return { kind: 'cmp', path, op: 'is', value: { type: 'keyword', value: word } };
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(rest)?.[0];
    if (!op) this.fail('expected a comparison operator');
    this.pos += op.length;
    return { kind: 'cmp', path, op, value: this.parseValue() };
  }

  private parsePath(): PathStep[] {
    this.expect('$');
    const steps: PathStep[] = [];
    for (;;) {
      if (this.src[this.pos] === '.') {
        this.pos += 1;
        const match = /^[A-Za-z0-9_@$-]+/.exec(this.src.slice(this.pos));
        if (!match) this.fail('expected a property name');
        steps.push(match[0]);
        this.pos += match[0].length;
      } else if (this.src[this.pos] === '[') {
        const match = /^\[(\d+)\]/.exec(this.src.slice(this.pos));
        if (!match) this.fail('expected an array index');
        steps.push(Number(match[1]));
        this.pos += match[0].length;
      } else break;
    }
    if (steps.length === 0) this.fail('expected a property after $');
    return steps;
  }

  private parseValue(): JsonLiteral {
    this.skip();
    const c = this.src[this.pos];
    if (c === '"') {
      const end = this.src.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('unterminated string');
      const value = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
      return { type: 'string', value };
    }
    if (c === '%') {
      const end = this.src.indexOf('%', this.pos + 1);
      if (end < 0) this.fail('unterminated regular expression');
      const value = regexOf(this.src.slice(this.pos + 1, end));
      this.pos = end + 1;
      return { type: 'regex', value };
    }
    const match = /^[^\s)}&|]+/.exec(this.src.slice(this.pos));
    if (!match) this.fail('expected a value');
    this.pos += match[0].length;
    const n = Number(match[0]);
    return Number.isFinite(n) ? { type: 'number', value: n } : { type: 'string', value: match[0] };
  }
}

function lookup(root: unknown, path: PathStep[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return { found: false, value: undefined };
    const record = current as Record<string | number, unknown>;
    if (!(step in record)) return { found: false, value: undefined };
    current = record[step];
  }
  return { found: true, value: current };
}

function wildcard(value: string): RegExp {
  return new RegExp(`^${value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function compare(actual: unknown, op: string, literal: JsonLiteral): boolean {
  if (literal.type === 'number') {
    if (typeof actual !== 'number') return false;
    switch (op) {
      case '=':
        return actual === literal.value;
      case '!=':
        return actual !== literal.value;
      case '<':
        return actual < literal.value;
      case '<=':
        return actual <= literal.value;
      case '>':
        return actual > literal.value;
      default:
        return actual >= literal.value;
    }
  }
  if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
  const text = String(actual);
  const equal = literal.type === 'regex' ? literal.value.test(text) : literal.type === 'string' ? wildcard(literal.value).test(text) : false;
  if (op === '=') return equal;
  if (op === '!=') return !equal;
  return false;
}

function evaluateJson(expr: JsonExpr, root: unknown): boolean {
  if (expr.kind !== 'cmp') return expr.kind === 'and' ? evaluateJson(expr.left, root) && evaluateJson(expr.right, root) : evaluateJson(expr.left, root) || evaluateJson(expr.right, root);
  const { found, value } = lookup(root, expr.path);
  if (expr.value.type === 'keyword') {
    switch (expr.value.value) {
      case 'EXISTS':
        return found;
      case 'NOT EXISTS':
        return !found;
      case 'NULL':
        return found && value === null;
      case 'TRUE':
        return value === true;
      default:
        return value === false;
    }
  }
  if (!found) return false;
  return compare(value, expr.op, expr.value);
}

function compileJsonPattern(text: string): MessageMatcher {
  const expr = new JsonPatternParser(text).parse();
  return (message) => {
    const trimmed = message.trimStart();
    // Cheap refusal before parsing: only JSON objects can match.
    if (!trimmed.startsWith('{')) return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return false;
    }
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && evaluateJson(expr, parsed);
  };
}
