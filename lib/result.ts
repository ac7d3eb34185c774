import type { ErrorBody } from './errors';

/**
 * What a server page receives from `server/data`: the value, or the error as data. Next.js
 * hides a thrown server error's message in production, so pages render failures themselves.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody['error'] };
