import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import type { MutationPolicy } from '@/lib/types/queues';
import type { Env } from '../env-schema';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/**
 * Whether Eddy may change anything, and why not. Read-only when `EDDY_READ_ONLY` is set, and
 * when it listens beyond this machine without an operator token: anyone on the network could
 * otherwise redrive or purge.
 */
export function mutationPolicy(env: Pick<Env, 'EDDY_READ_ONLY' | 'EDDY_OPERATOR_TOKEN' | 'HOST'>): MutationPolicy {
  const tokenRequired = Boolean(env.EDDY_OPERATOR_TOKEN);
  if (env.EDDY_READ_ONLY) return { readOnly: true, reason: 'Eddy runs read-only (EDDY_READ_ONLY is set): redrives, cancellations and purges are disabled.', tokenRequired };
  if (!LOOPBACK.test(env.HOST) && !tokenRequired) {
    return {
      readOnly: true,
      reason: `Eddy listens on ${env.HOST}, beyond this machine, without EDDY_OPERATOR_TOKEN: it runs read-only until a token is set.`,
      tokenRequired,
    };
  }
  return { readOnly: false, tokenRequired };
}

/** Compares two secrets in constant time: equal-length SHA-256 digests, so length leaks nothing either. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Refuses a mutation the policy forbids: read-only mode, or a missing or wrong operator token.
 * Returns who is acting, for the audit log.
 */
export function authoriseMutation(request: Request, env: Pick<Env, 'EDDY_READ_ONLY' | 'EDDY_OPERATOR_TOKEN' | 'HOST'>): string {
  const policy = mutationPolicy(env);
  if (policy.readOnly) throw new AppError('forbidden', policy.reason ?? 'Eddy runs read-only.', 'read_only');
  const client = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const where = client ? ` (${client})` : '';
  if (!env.EDDY_OPERATOR_TOKEN) return `anonymous${where}`;
  const given = request.headers.get(OPERATOR_TOKEN_HEADER);
  if (!given) throw new AppError('forbidden', 'This change needs the operator token (EDDY_OPERATOR_TOKEN).', 'operator_token');
  if (!tokensMatch(given, env.EDDY_OPERATOR_TOKEN)) throw new AppError('forbidden', 'The operator token is wrong.', 'operator_token');
  return `operator${where}`;
}
