import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import { seal, SESSION_COOKIE } from '../auth/session';
import { authoriseMutation, changesPossible, mutationPolicy, requesterOf, tokensMatch } from './policy';

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
    expect(authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: TOKEN, 'x-forwarded-for': '10.0.0.7' }), { ...guarded, EDDY_TRUST_PROXY: true })).toBe('operator (10.0.0.7)');
    // Without a trusted proxy, anyone could write the header: it is not believed.
    expect(authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: TOKEN, 'x-forwarded-for': '10.0.0.7' }), guarded)).toBe('operator');
  });

  it('compares tokens of any length without throwing', () => {
    expect(tokensMatch('a', 'a much longer secret')).toBe(false);
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
  });
});

describe('with sign-in', () => {
  const SECRET = 'a-session-secret-of-at-least-32-characters';
  const env = { EDDY_READ_ONLY: false, HOST: '0.0.0.0', EDDY_OIDC_ISSUER: 'http://127.0.0.1:9/', EDDY_OIDC_CLIENT_ID: 'eddy', EDDY_OIDC_CLIENT_SECRET: 'shh', EDDY_SESSION_SECRET: SECRET, EDDY_OPERATOR_TOKEN: TOKEN };
  const as = (role: 'viewer' | 'operator') => ({ cookie: `${SESSION_COOKIE}=${seal({ email: `${role}@example.com`, role }, SECRET, 'session', Date.now() / 1000 + 60)}` });

  it('lets operators change and keeps viewers read-only, with the reason', () => {
    expect(mutationPolicy(env, { email: 'o@example.com', role: 'operator' })).toEqual({ readOnly: false, tokenRequired: false });
    expect(mutationPolicy(env, { email: 'v@example.com', role: 'viewer' })).toMatchObject({ readOnly: true, reason: expect.stringMatching(/v@example\.com, a viewer/) });
    expect(mutationPolicy({ ...env, EDDY_READ_ONLY: true }, { email: 'o@example.com', role: 'operator' })).toMatchObject({ readOnly: true });
  });

  it('names the operator in the audit, refuses a viewer 403 and no session 401, and keeps the script token', () => {
    expect(authoriseMutation(req(as('operator')), env)).toBe('operator@example.com (operator)');
    expect(() => authoriseMutation(req(as('viewer')), env)).toThrow(expect.objectContaining({ code: 'forbidden', detail: 'role' }));
    expect(() => authoriseMutation(req(), env)).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
    expect(authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: TOKEN }), env)).toBe('operator token');
    expect(() => authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: 'wrong', ...as('operator') }), env)).toThrow('The operator token is wrong.');
    expect(requesterOf(req(as('viewer')), env)).toBe('viewer@example.com (viewer)');
    expect(requesterOf(req(), env)).toBe('anonymous');
  });

  it('holds an action (access probe, demo switch) to the role with sign-in, even read-only, and to nothing more without', () => {
    expect(authoriseMutation(req(as('operator')), { ...env, EDDY_READ_ONLY: true }, 'action')).toBe('operator@example.com (operator)');
    expect(() => authoriseMutation(req(as('viewer')), env, 'action')).toThrow(expect.objectContaining({ code: 'forbidden', detail: 'role' }));
    expect(() => authoriseMutation(req(as('viewer')), { ...env, EDDY_READ_ONLY: true }, 'action')).toThrow(expect.objectContaining({ code: 'forbidden', detail: 'role' }));
    expect(() => authoriseMutation(req(), env, 'action')).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
    expect(authoriseMutation(req({ [OPERATOR_TOKEN_HEADER]: TOKEN }), env, 'action')).toBe('operator token');
    // Without sign-in an action keeps its old rule (same-origin JSON, checked by the route wrapper).
    expect(authoriseMutation(req(), { EDDY_READ_ONLY: true, HOST: '0.0.0.0' }, 'action')).toBe('anonymous');
    expect(() => authoriseMutation(req(), { EDDY_READ_ONLY: true, HOST: '0.0.0.0' }, 'change')).toThrow(expect.objectContaining({ detail: 'read_only' }));
  });

  it('needs the operator IAM actions whenever sign-in is on (its operators change things)', () => {
    expect(changesPossible(env)).toBe(true);
    expect(changesPossible({ ...env, EDDY_READ_ONLY: true })).toBe(false);
    expect(changesPossible({ EDDY_READ_ONLY: false, HOST: '0.0.0.0' })).toBe(false);
  });
});
