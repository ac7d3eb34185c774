import { validation } from '../../core/errors';
import { compareScalars, type AttributeValue } from '../values';
import { RESERVED_WORDS } from './reserved-words';
import { ExpressionSyntaxError, nearText, tokenize, type Token } from './tokenizer';

/** A document path with `#names` already substituted: `a.b[2].c` → `['a', 'b', 2, 'c']`. */
export type DocumentPath = (string | number)[];

export type Operand =
  | { kind: 'path'; path: DocumentPath }
  | { kind: 'value'; value: AttributeValue; ref: string }
  | { kind: 'size'; path: DocumentPath }
  // Update expressions only:
  | { kind: 'if_not_exists'; path: DocumentPath; fallback: Operand }
  | { kind: 'list_append'; left: Operand; right: Operand }
  | { kind: 'arith'; op: '+' | '-'; left: Operand; right: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains'; args: Operand[] };

export type UpdateAction =
  | { kind: 'SET'; path: DocumentPath; value: Operand }
  | { kind: 'REMOVE'; path: DocumentPath }
  | { kind: 'ADD' | 'DELETE'; path: DocumentPath; value: Operand };

/** Which expression is parsed: it names the expression in AWS's error messages. */
export type ExpressionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

/**
 * The `ExpressionAttributeNames`/`Values` of one request and which of them the request's
 * expressions used: AWS rejects both undefined and unused entries.
 */
export class ExpressionContext {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Record<string, string> | undefined,
    readonly values: Record<string, AttributeValue> | undefined,
  ) {}

  name(ref: string): string {
    const name = this.names?.[ref];
    if (name === undefined) throw validation(`An expression attribute name used in the document path is not defined; attribute name: ${ref}`);
    this.usedNames.add(ref);
    return name;
  }

  value(ref: string): AttributeValue {
    const value = this.values?.[ref];
    if (value === undefined) throw validation(`An expression attribute value used in expression is not defined; attribute value: ${ref}`);
    this.usedValues.add(ref);
    return value;
  }

  /** Call after parsing every expression of the request. */
  checkAllUsed(): void {
    const unusedNames = Object.keys(this.names ?? {}).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length) throw validation(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`);
    const unusedValues = Object.keys(this.values ?? {}).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length) throw validation(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`);
  }
}

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);
const FUNCTION_ARITY: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
};
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);
const UPDATE_CLAUSES = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);

/** A recursive-descent parser over one expression's tokens. */
class Parser {
  private readonly tokens: Token[];
  private i = 0;
  /** The first reserved word used as a bare name: reported only if the expression parses, as AWS does. */
  private reserved: string | undefined;

  constructor(
    private readonly source: string,
    private readonly kind: ExpressionKind,
    private readonly ctx: ExpressionContext,
  ) {
    try {
      this.tokens = tokenize(source);
    } catch (error) {
      throw this.wrap(error);
    }
    if (this.tokens.length === 1) throw validation(`Invalid ${kind}: The expression can not be empty;`);
  }

  /** Runs `body`, turning syntax errors into AWS's `Invalid <kind>: Syntax error; …` message. */
  run<T>(body: () => T): T {
    try {
      const result = body();
      if (this.peek().kind !== 'eof') this.fail();
      if (this.reserved) throw this.invalid(`Attribute name is a reserved keyword; reserved keyword: ${this.reserved}`);
      return result;
    } catch (error) {
      throw this.wrap(error);
    }
  }

  private wrap(error: unknown): unknown {
    if (error instanceof ExpressionSyntaxError) return validation(`Invalid ${this.kind}: ${error.message}`);
    return error;
  }

  invalid(message: string): Error {
    return validation(`Invalid ${this.kind}: ${message}`);
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  fail(token = this.peek()): never {
    const end = token.kind === 'eof' ? this.source.length : token.pos + token.text.length;
    throw new ExpressionSyntaxError(token.text, nearText(this.source, token.pos, end));
  }

  isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'op' && t.text === text;
  }

  isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'name' && t.text.toUpperCase() === word;
  }

  expectOp(text: string): void {
    if (!this.isOp(text)) this.fail();
    this.next();
  }

  // ---- paths and operands ----

  path(): DocumentPath {
    const path: DocumentPath = [this.pathName()];
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        path.push(this.pathName());
      } else if (this.isOp('[')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'number') this.fail(t);
        path.push(Number(t.text));
        this.expectOp(']');
      } else {
        return path;
      }
    }
  }

  private pathName(): string {
    const t = this.next();
    if (t.kind === 'nameRef') return this.ctx.name(t.text);
    if (t.kind === 'name' && !KEYWORDS.has(t.text.toUpperCase())) {
      if (!this.reserved && RESERVED_WORDS.has(t.text.toUpperCase())) this.reserved = t.text;
      return t.text;
    }
    return this.fail(t);
  }

  /** A function call's name and parenthesised arguments, the name token already peeked. */
  private callArgs(name: string, argument: (index: number) => Operand): Operand[] {
    this.next(); // name
    this.expectOp('(');
    const args: Operand[] = [];
    if (!this.isOp(')')) {
      do {
        if (args.length) this.next(); // ','
        args.push(argument(args.length));
      } while (this.isOp(','));
    }
    this.expectOp(')');
    if (args.length !== FUNCTION_ARITY[name]) {
      throw this.invalid(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
    }
    return args;
  }

  private isCall(): boolean {
    return this.peek().kind === 'name' && this.isOp('(', 1);
  }

  /** An operand of a condition: a path, a `:value` or `size(path)`. */
  conditionOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'valueRef') {
      this.next();
      return { kind: 'value', value: this.ctx.value(t.text), ref: t.text };
    }
    if (this.isCall()) {
      const name = t.text;
      if (name !== 'size') {
        if (CONDITION_FUNCTIONS.has(name) || name === 'if_not_exists' || name === 'list_append') {
          throw this.invalid(`The function is not allowed to be used this way in an expression; function: ${name}`);
        }
        throw this.invalid(`Invalid function name; function: ${name}`);
      }
      const [arg] = this.callArgs(name, () => this.pathOperand(name));
      return { kind: 'size', path: (arg as { path: DocumentPath }).path };
    }
    return { kind: 'path', path: this.path() };
  }

  /** The first argument of a function that needs a document path (`size`, `attribute_exists`, …). */
  private pathOperand(fn: string): Operand {
    if (this.peek().kind === 'valueRef' || this.isCall()) {
      // Parse it anyway so that `:values` count as used, then refuse it as AWS does.
      this.conditionOperand();
      throw this.invalid(`Operator or function requires a document path; operator or function: ${fn}`);
    }
    return { kind: 'path', path: this.path() };
  }

  // ---- conditions ----

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.isOp('(')) {
      this.next();
      const inner = this.condition();
      this.expectOp(')');
      return inner;
    }
    const t = this.peek();
    if (this.isCall() && CONDITION_FUNCTIONS.has(t.text)) {
      const name = t.text as Extract<Condition, { kind: 'function' }>['name'];
      const args = this.callArgs(name, (index) => (index === 0 ? this.pathOperand(name) : this.conditionOperand()));
      if (name === 'attribute_type') checkTypeName(this, args[1]);
      return { kind: 'function', name, args };
    }
    const operand = this.conditionOperand();
    const op = this.peek();
    if (op.kind === 'op' && COMPARATORS.has(op.text)) {
      this.next();
      return { kind: 'compare', op: op.text as Comparator, left: operand, right: this.conditionOperand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.conditionOperand();
      if (!this.isKeyword('AND')) this.fail();
      this.next();
      const high = this.conditionOperand();
      checkBetweenBounds(this, low, high);
      return { kind: 'between', operand, low, high };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectOp('(');
      const list = [this.conditionOperand()];
      while (this.isOp(',')) {
        this.next();
        list.push(this.conditionOperand());
      }
      this.expectOp(')');
      return { kind: 'in', operand, list };
    }
    return this.fail();
  }

  // ---- update expressions ----

  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    do {
      const t = this.next();
      const clause = t.kind === 'name' ? t.text.toUpperCase() : '';
      if (!UPDATE_CLAUSES.has(clause)) this.fail(t);
      if (seen.has(clause)) throw this.invalid(`The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      actions.push(this.updateAction(clause as UpdateAction['kind']));
      while (this.isOp(',')) {
        this.next();
        actions.push(this.updateAction(clause as UpdateAction['kind']));
      }
    } while (this.peek().kind !== 'eof');
    return actions;
  }

  private updateAction(clause: UpdateAction['kind']): UpdateAction {
    const path = this.path();
    if (clause === 'REMOVE') return { kind: 'REMOVE', path };
    if (clause === 'SET') {
      this.expectOp('=');
      return { kind: 'SET', path, value: this.setValue() };
    }
    const t = this.next();
    if (t.kind !== 'valueRef') this.fail(t);
    return { kind: clause, path, value: { kind: 'value', value: this.ctx.value(t.text), ref: t.text } };
  }

  private setValue(): Operand {
    const left = this.setOperand();
    if (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arith', op, left, right: this.setOperand() };
    }
    return left;
  }

  private setOperand(): Operand {
    const t = this.peek();
    if (t.kind === 'valueRef') {
      this.next();
      return { kind: 'value', value: this.ctx.value(t.text), ref: t.text };
    }
    if (this.isCall()) {
      const name = t.text;
      if (name === 'if_not_exists') {
        const [path, fallback] = this.callArgs(name, (index) => (index === 0 ? this.pathOperand(name) : this.setOperand()));
        return { kind: 'if_not_exists', path: (path as { path: DocumentPath }).path, fallback };
      }
      if (name === 'list_append') {
        const [left, right] = this.callArgs(name, () => this.setOperand());
        return { kind: 'list_append', left, right };
      }
      if (FUNCTION_ARITY[name] !== undefined) throw this.invalid(`The function is not allowed in an update expression; function: ${name}`);
      throw this.invalid(`Invalid function name; function: ${name}`);
    }
    return { kind: 'path', path: this.path() };
  }

  projection(): DocumentPath[] {
    const paths = [this.path()];
    while (this.isOp(',')) {
      this.next();
      paths.push(this.path());
    }
    return paths;
  }
}

function checkTypeName(parser: Parser, operand: Operand): void {
  if (operand.kind !== 'value') return;
  const value = operand.value;
  const name = 'S' in value ? value.S : undefined;
  const valid = ['B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'N', 'NS', 'S', 'M'];
  if (name === undefined || !valid.includes(name)) {
    throw parser.invalid(`Invalid attribute type name found; type: ${name ?? JSON.stringify(value)}, valid types: { ${valid.join(',')} }`);
  }
}

function checkBetweenBounds(parser: Parser, low: Operand, high: Operand): void {
  if (low.kind !== 'value' || high.kind !== 'value') return;
  const cmp = compareScalars(low.value, high.value);
  if (cmp !== undefined && cmp > 0) {
    throw parser.invalid(`The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: ${JSON.stringify(low.value)}, upper bound operand: AttributeValue: ${JSON.stringify(high.value)}`);
  }
}

/** Parses a ConditionExpression, FilterExpression or KeyConditionExpression. */
export function parseCondition(source: string, kind: ExpressionKind, ctx: ExpressionContext): Condition {
  const parser = new Parser(source, kind, ctx);
  return parser.run(() => parser.condition());
}

/** Parses an UpdateExpression into its actions, in source order. */
export function parseUpdate(source: string, ctx: ExpressionContext): UpdateAction[] {
  const parser = new Parser(source, 'UpdateExpression', ctx);
  return parser.run(() => parser.update());
}

/** Parses a ProjectionExpression into its document paths. */
export function parseProjection(source: string, ctx: ExpressionContext): DocumentPath[] {
  const parser = new Parser(source, 'ProjectionExpression', ctx);
  return parser.run(() => parser.projection());
}

/** `a.b[2]` as text, for error messages. */
export function formatPath(path: DocumentPath): string {
  return `[${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join(', ')}]`;
}
