import type { SignInSettings } from './config';
import { cookieFrom, SESSION_COOKIE, unseal, type Session } from './session';

/** The signed-in user of a request: a session cookie that unseals and has not expired, or none. */
export function sessionOf(request: Request, settings: Pick<SignInSettings, 'sessionSecret'>, now = Date.now()): Session | undefined {
  return sessionFromCookie(cookieFrom(request.headers.get('cookie'), SESSION_COOKIE), settings, now);
}

export function sessionFromCookie(cookie: string | undefined, settings: Pick<SignInSettings, 'sessionSecret'>, now = Date.now()): Session | undefined {
  const value = unseal<Session>(cookie, settings.sessionSecret, 'session', now);
  if (!value || typeof value.email !== 'string' || (value.role !== 'viewer' && value.role !== 'operator')) return undefined;
  return { email: value.email, name: value.name, role: value.role };
}

/** How a user appears in the audit log: their email and role. */
export function actorOf(session: Session): string {
  return `${session.email} (${session.role})`;
}

/** The signed-in user an audit actor names (`actorOf`'s inverse); undefined for `operator`, `anonymous`, …. */
export function identityOfActor(actor: string): Pick<Session, 'email' | 'role'> | undefined {
  const match = /^(\S+@\S+) \((viewer|operator)\)$/.exec(actor);
  return match ? { email: match[1], role: match[2] as Session['role'] } : undefined;
}
