import { describe, expect, it } from 'vitest';
import { assertSameOriginJson } from './same-origin';

const req = (headers: Record<string, string>) => new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers });

describe('assertSameOriginJson', () => {
  it('accepts a same-origin JSON POST', () => {
    expect(() => assertSameOriginJson(req({ 'content-type': 'application/json', origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).not.toThrow();
  });

  it('accepts a JSON POST from a non-browser client without Origin', () => {
    expect(() => assertSameOriginJson(req({ 'content-type': 'application/json; charset=utf-8', host: '127.0.0.1:3000' }))).not.toThrow();
  });

  it.each([
    [{ 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:3000' }, 'invalid'],
    [{ 'content-type': 'text/plain', host: '127.0.0.1:3000' }, 'invalid'],
    [{ 'content-type': 'application/json', origin: 'http://evil.example', host: '127.0.0.1:3000' }, 'forbidden'],
    [{ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', host: '127.0.0.1:3000' }, 'forbidden'],
  ])('refuses %o as %s', (headers, code) => {
    expect(() => assertSameOriginJson(req(headers))).toThrow(expect.objectContaining({ code }));
  });
});
