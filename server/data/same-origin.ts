import 'server-only';
import { AppError } from '@/lib/errors';

/**
 * Mutations accept only same-origin JSON POSTs: a cross-site form or script cannot send
 * `content-type: application/json` without a preflight, and the Origin must be this host.
 */
export function assertSameOriginJson(request: Request): void {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/json')) {
    throw new AppError('invalid', 'Changes are accepted only as JSON (content-type: application/json).');
  }
  const origin = request.headers.get('origin');
  const host = request.headers.get('host');
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError('forbidden', 'Changes are accepted only from Eddy’s own pages.');
  if (origin && host && new URL(origin).host !== host) throw new AppError('forbidden', 'Changes are accepted only from Eddy’s own pages.');
}
