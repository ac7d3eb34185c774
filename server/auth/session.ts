import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealed cookies: AES-256-GCM with a key derived (HKDF-SHA256) from EDDY_SESSION_SECRET. The
 * browser holds only ciphertext; a changed byte fails the GCM tag and the cookie counts as
 * absent. Each kind of cookie (`purpose`) is bound in as additional data, so a sign-in
 * transaction can never be replayed as a session. Pure node:crypto: the proxy, the routes and
 * the tests share it.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyOf(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), 'eddy cookie v1', 32));
}

export type CookiePurpose = 'session' | 'sign-in';

/** Seals `value` with an expiry (`exp`, seconds since the epoch) into a cookie-safe string. */
export function seal(value: object, secret: string, purpose: CookiePurpose, exp: number): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = cipher.update(JSON.stringify({ ...value, exp }), 'utf8');
  const sealed = Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()]);
  return sealed.toString('base64url');
}

/**
 * The value sealed in `cookie`, or undefined when it is missing, tampered with, sealed with
 * another secret or for another purpose, or expired at `now` (milliseconds).
 */
export function unseal<T extends object>(cookie: string | undefined, secret: string, purpose: CookiePurpose, now = Date.now()): (T & { exp: number }) | undefined {
  if (!cookie) return undefined;
  const raw = Buffer.from(cookie, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 2) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const value = JSON.parse(text) as T & { exp: number };
    if (typeof value.exp !== 'number' || value.exp * 1000 <= now) return undefined;
    return value;
  } catch {
    return undefined;
  }
}

export type Role = 'viewer' | 'operator';

/** Who is signed in: what the session cookie holds. */
export interface Session {
  email: string;
  name?: string;
  role: Role;
  /** The environments this user operates though a viewer elsewhere (their own `operators`, matched at sign-in). */
  operatorIn?: string[];
}

/** The session cookie's name, and that of the short-lived sign-in transaction (state, nonce, PKCE verifier). */
export const SESSION_COOKIE = 'eddy_session';
export const SIGN_IN_COOKIE = 'eddy_sign_in';
/** A session lasts this long; then the browser signs in again (silently, while the provider's own session lasts). */
export const SESSION_SECONDS = 8 * 60 * 60;
/** The time a user has at the provider to finish signing in. */
export const SIGN_IN_SECONDS = 10 * 60;

/**
 * Browsers keep a cookie of at least 4096 bytes, its name and attributes included (RFC 6265
 * §6.1); a larger one is dropped without a word, which would sign the user out at once. The
 * sealed session stays below this, leaving room for the name and attributes.
 */
export const MAX_SESSION_COOKIE_CHARS = 3800;

/**
 * Seals a session, with the ID token the provider's sign-out takes as `id_token_hint` when the
 * cookie still fits: a token heavy with claims (hundreds of groups) is left out, and sign-out at
 * the provider then goes without the hint (the provider asks the user to confirm).
 */
export function sealSession(session: Session, idToken: string | undefined, secret: string, exp: number): string {
  if (idToken) {
    const withHint = seal({ ...session, idToken }, secret, 'session', exp);
    if (withHint.length <= MAX_SESSION_COOKIE_CHARS) return withHint;
  }
  return seal(session, secret, 'session', exp);
}

/** The ID token a session cookie keeps for signing out at the provider, if it does (and the cookie is valid). */
export function idTokenOf(cookie: string | undefined, secret: string, now = Date.now()): string | undefined {
  const value = unseal<{ idToken?: unknown }>(cookie, secret, 'session', now);
  return typeof value?.idToken === 'string' ? value.idToken : undefined;
}

/** Reads one cookie from a Cookie header. */
export function cookieFrom(header: string | null | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
