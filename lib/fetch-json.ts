import type { z } from 'zod';
import { AppError } from './errors';
import { withEnvironment } from './environments/path';

/**
 * The browser's one way to call Eddy's routes: parses `{error: {code, message}}` into an
 * `AppError`, network failures into `unavailable`, and validates the body when given a schema.
 */
export async function fetchJson<T>(url: string, init: RequestInit = {}, schema?: z.ZodType<T>): Promise<T> {
  let res: Response;
  try {
    // The route of the environment the page shows (`/e/<name>/api/…`).
    res = await fetch(withEnvironment(url), {
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new AppError('unavailable', 'Eddy’s server cannot be reached. Is it still running?');
  }
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError('internal', `The server answered ${res.status} with something that is not JSON.`);
    }
  }
  if (!res.ok) {
    const error = AppError.fromBody(body, res.status);
    // With sign-in, a session that expired while the page was open: sign in again, back to this page.
    if (error.code === 'unauthenticated' && typeof window !== 'undefined') window.location.assign(`/auth/signin?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw error;
  }
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new AppError('internal', `Unexpected answer from ${url}: ${parsed.error.issues[0]?.message ?? 'invalid shape'}`);
  return parsed.data;
}
