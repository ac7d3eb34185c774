import { describe, expect, it } from 'vitest';
import { decodeBody, previewBody } from './message-body';

describe('decodeBody', () => {
  it.each([
    ['', { kind: 'text', text: '' }],
    ['plain', { kind: 'text', text: 'plain' }],
    ['42', { kind: 'text', text: '42' }],
    ['{"a":', { kind: 'text', text: '{"a":' }],
    ['<script>alert(1)</script>', { kind: 'text', text: '<script>alert(1)</script>' }],
    ['{"a":1}', { kind: 'json', text: '{\n  "a": 1\n}' }],
    [' [1]', { kind: 'json', text: '[\n  1\n]' }],
  ])('%j', (body, expected) => {
    expect(decodeBody(body)).toEqual(expected);
  });
});

describe('previewBody', () => {
  it('folds whitespace and cuts long bodies', () => {
    expect(previewBody('a\n  b')).toBe('a b');
    expect(previewBody('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
