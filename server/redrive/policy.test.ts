import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import { authoriseMutation, mutationPolicy, tokensMatch } from './policy';

const TOKEN = 'correct-horse-battery';
const req = (headers: Record<string, string> = {}) => new Request('http://127.0.0.1:3000/api/x', { method: 'POST', headers });

describe('mutationPolicy', () => {
  it.each([
    [{ EDDY_READ_ONLY: false, HOST: '127.0.0.1' }, { readOnly: false, tokenRequired: false }],
    [{ EDDY_READ_ONLY: true, HOST: '127.0.0.1' }, { readOnly: true, tokenRequired: false, reason: expect.stringMatching(/EDDY_READ_ONLY/) }],
    [{ EDDY_READ_ONLY: false, HOST: '0.0.0.0' }, { readOnly: true, tokenRequired: false, reason: expect.stringMatching(/0\.0\.0\.0.*EDDY_OPERATOR_TOKEN/) }],
    [{ EDDY_READ_ONLY: false, HOST: '0.0.0.0', EDDY_OPERATOR_TOKEN: TOKEN }, { readOnly: false, tokenRequired: true }],
    [{ EDDY_READ_ONLY: false, HOST: 'localhost' }, { readOnly: false, tokenRequired: false }],
  ])('%o', (env, expected) => {
    expect(mutationPolicy(env)).toEqual(expected);
  });
});

describe('authoriseMutation', () => {
  const open = { EDDY_READ_ONLY: false, HOST: '127.0.0.1' };
  const guarded = { ...open, EDDY_OPERATOR_TOKEN: TOKEN };

  it('lets anyone on loopback act without a token configured', () => {
    expect(authoriseMutation(req(), open)).toBe('anonymous');
  });

  it('refuses in read-only mode with the reason', () => {
    expect(() => authoriseMutation(req(), { ...open, EDDY_READ_ONLY: true })).toThrow(expect.objectContaining({ code: 'forbidden', detail: 'read_only' }));
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { [OPERATOR_TOKEN_HEADER]: 'wrong' }],
    ['a prefix of the token', { [OPERATOR_TOKEN_HEADER]: TOKEN.slice(0, 5) }],
  ])('refuses %s when a token is configured', (_, headers) => {
    expect(() => authoriseMutation(req(headers), guarded)).toThrow(expect.objectContaining({ code: 'forbidden', detail: 'operator_token' }));
  });

  it('names the operator when the token matches', () => {
    expect(authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: TOKEN, 'x-forwarded-for': '10.0.0.7' }), guarded)).toBe('operator (10.0.0.7)');
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensMatch('a', 'a much longer secret')).toBe(false);
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
  });
});
