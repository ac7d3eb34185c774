import { describe, expect, it } from 'vitest';
import { cookieFrom, idTokenOf, MAX_SESSION_COOKIE_CHARS, seal, sealSession, unseal } from './session';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const NOW = Date.parse('2026-12-02T06:00:00Z');
const inAnHour = NOW / 1000 + 3600;

describe('seal / unseal', () => {
  it('round-trips a value with its expiry', () => {
    const cookie = seal({ email: 'ann@example.com', role: 'operator' }, SECRET, 'session', inAnHour);
    expect(unseal(cookie, SECRET, 'session', NOW)).toEqual({ email: 'ann@example.com', role: 'operator', exp: inAnHour });
  });

  it('hides the value: the cookie is ciphertext, and two seals of one value differ', () => {
    const a = seal({ email: 'ann@example.com' }, SECRET, 'session', inAnHour);
    const b = seal({ email: 'ann@example.com' }, SECRET, 'session', inAnHour);
    expect(Buffer.from(a, 'base64url').toString('latin1')).not.toContain('ann@example.com');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a cookie with any byte changed', () => {
    const cookie = seal({ email: 'ann@example.com', role: 'viewer' }, SECRET, 'session', inAnHour);
    const raw = Buffer.from(cookie, 'base64url');
    for (const at of [0, 12, raw.length >> 1, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[at] ^= 0x01;
      expect(unseal(tampered.toString('base64url'), SECRET, 'session', NOW)).toBeUndefined();
    }
  });

  it('refuses another secret, another purpose, an expired value and garbage', () => {
    const cookie = seal({ email: 'ann@example.com' }, SECRET, 'session', inAnHour);
    expect(unseal(cookie, `${SECRET}!`, 'session', NOW)).toBeUndefined();
    expect(unseal(cookie, SECRET, 'sign-in', NOW)).toBeUndefined();
    expect(unseal(cookie, SECRET, 'session', inAnHour * 1000)).toBeUndefined();
    expect(unseal(cookie, SECRET, 'session', inAnHour * 1000 - 1)).toBeDefined();
    expect(unseal('not-a-cookie', SECRET, 'session', NOW)).toBeUndefined();
    expect(unseal(undefined, SECRET, 'session', NOW)).toBeUndefined();
  });
});

describe('cookieFrom', () => {
  it('finds one cookie among several, by its exact name', () => {
    expect(cookieFrom('a=1; eddy_session=xyz; eddy_session_old=no', 'eddy_session')).toBe('xyz');
    expect(cookieFrom('eddy_session_old=no', 'eddy_session')).toBeUndefined();
    expect(cookieFrom(null, 'eddy_session')).toBeUndefined();
  });
});

describe('sealSession', () => {
  const session = { email: 'ann@example.com', role: 'operator' as const };

  it('keeps the ID token for signing out at the provider', () => {
    const idToken = `eyJhbGciOiJSUzI1NiJ9.${'a'.repeat(600)}.${'s'.repeat(342)}`;
    const cookie = sealSession(session, idToken, SECRET, inAnHour);
    expect(idTokenOf(cookie, SECRET, NOW)).toBe(idToken);
    expect(unseal(cookie, SECRET, 'session', NOW)).toMatchObject(session);
    expect(cookie.length).toBeLessThanOrEqual(MAX_SESSION_COOKIE_CHARS);
  });

  it('leaves out a token that would outgrow a cookie, keeping the session', () => {
    const heavy = `eyJhbGciOiJSUzI1NiJ9.${'g'.repeat(4000)}.${'s'.repeat(342)}`;
    const cookie = sealSession(session, heavy, SECRET, inAnHour);
    expect(cookie.length).toBeLessThanOrEqual(MAX_SESSION_COOKIE_CHARS);
    expect(unseal(cookie, SECRET, 'session', NOW)).toMatchObject(session);
    expect(idTokenOf(cookie, SECRET, NOW)).toBeUndefined();
  });

  it('has no token to give from a session without one, or from a bad cookie', () => {
    expect(idTokenOf(sealSession(session, undefined, SECRET, inAnHour), SECRET, NOW)).toBeUndefined();
    expect(idTokenOf('garbage', SECRET, NOW)).toBeUndefined();
  });
});
