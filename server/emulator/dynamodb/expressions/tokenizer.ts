/** A token of a DynamoDB expression. `text` is the source text, as AWS quotes it in errors. */
export interface Token {
  kind: 'name' | 'nameRef' | 'valueRef' | 'number' | 'op' | 'eof';
  text: string;
  pos: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const TWO_CHAR_OPS = new Set(['<>', '<=', '>=']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-']);

/** Thrown for a token the grammar does not allow; the parser turns it into AWS's message. */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly token: string,
    readonly near: string,
  ) {
    super(`Syntax error; token: "${token}", near: "${near}"`);
  }
}

/**
 * Splits an expression into tokens: plain names, `#name` and `:value` references, list
 * indexes, operators and punctuation. Keywords (AND, SET, …) are plain names; the parser
 * recognises them case-insensitively by position.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '#' || c === ':') {
      i++;
      while (i < source.length && IDENT_PART.test(source[i])) i++;
      if (i === start + 1) throw new ExpressionSyntaxError(c, nearText(source, start, i));
      tokens.push({ kind: c === '#' ? 'nameRef' : 'valueRef', text: source.slice(start, i), pos: start });
    } else if (IDENT_START.test(c)) {
      while (i < source.length && IDENT_PART.test(source[i])) i++;
      tokens.push({ kind: 'name', text: source.slice(start, i), pos: start });
    } else if (DIGIT.test(c)) {
      while (i < source.length && DIGIT.test(source[i])) i++;
      tokens.push({ kind: 'number', text: source.slice(start, i), pos: start });
    } else if (TWO_CHAR_OPS.has(source.slice(i, i + 2))) {
      tokens.push({ kind: 'op', text: source.slice(i, i + 2), pos: start });
      i += 2;
    } else if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: 'op', text: c, pos: start });
      i++;
    } else {
      throw new ExpressionSyntaxError(c, nearText(source, start, start + 1));
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', pos: source.length });
  return tokens;
}

/** A short excerpt around a position, like the `near:` AWS prints. */
export function nearText(source: string, start: number, end: number): string {
  return source.slice(Math.max(0, start - 8), Math.min(source.length, end + 8)).trim();
}
