import 'server-only';
import { AppError } from '@/lib/errors';
import { OPERATOR_TOKEN_HEADER } from '@/lib/queues/schemas';
import type { MutationPolicy } from '@/lib/types/queues';
import { signInSettings, type SignInSettings } from '../auth/config';
import { actorOf, sessionOf } from '../auth/identity';
import { roleInEnvironment, type EnvironmentRoles } from '../auth/roles';
import { tokensMatch } from '../auth/token';
import type { Session } from '../auth/session';
import type { Env } from '../env-schema';

export { tokensMatch };

type PolicyEnv = Pick<Env, 'EDDY_READ_ONLY' | 'EDDY_OPERATOR_TOKEN' | 'HOST'> & Partial<Env>;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/**
 * Whether Eddy may change anything, and why not. Read-only when `EDDY_READ_ONLY` is set, and
 * when it listens beyond this machine without an operator token: anyone on the network could
 * otherwise redrive or purge.
 */
export function mutationPolicy(env: PolicyEnv, session?: Session): MutationPolicy {
  const tokenRequired = Boolean(env.EDDY_OPERATOR_TOKEN);
  if (env.EDDY_READ_ONLY) return { readOnly: true, reason: 'Eddy runs read-only (EDDY_READ_ONLY is set): redrives, cancellations and purges are disabled.', tokenRequired };
  // With sign-in, the role decides: operators change, viewers read (the token stays for scripts).
  if (signInSettings(env)) {
    if (session?.role === 'operator') return { readOnly: false, tokenRequired: false };
    return { readOnly: true, reason: session ? `You are signed in as ${session.email}, a viewer: changes need the operator role (EDDY_OPERATORS).` : 'Sign in to change anything.', tokenRequired: false };
  }
  if (!LOOPBACK.test(env.HOST) && !tokenRequired) {
    return {
      readOnly: true,
      reason: `Eddy listens on ${env.HOST}, beyond this machine, without EDDY_OPERATOR_TOKEN: it runs read-only until a token is set.`,
      tokenRequired,
    };
  }
  return { readOnly: false, tokenRequired };
}

/**
 * What a mutation route changes, which decides the rules it answers to:
 * - `change` changes AWS (redrive, cancel, purge, resend): EDDY_READ_ONLY and the operator token
 *   apply, and with sign-in the operator role;
 * - `action` changes nothing in AWS but is still an operator's to take (the access probe, which
 *   costs AWS calls; the demo's switches): with sign-in the operator role, without sign-in
 *   anyone who passes the same-origin rule, as before sign-in existed.
 */
export type MutationKind = 'change' | 'action';

/**
 * Refuses a mutation the policy forbids: read-only mode, or a missing or wrong operator token;
 * with sign-in, no session (401) or a viewer's (403). Returns who is acting, for the audit log.
 */
export function authoriseMutation(request: Request, env: PolicyEnv, kind: MutationKind = 'change', environment?: EnvironmentRoles): string {
  // X-Forwarded-For names the client only when a trusted proxy wrote it (EDDY_TRUST_PROXY).
  const client = env.EDDY_TRUST_PROXY ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const where = client ? ` (${client})` : '';
  const settings = signInSettings(env);
  // EDDY_READ_ONLY refuses every change below; an action still needs the role with sign-in.
  if (settings && (kind === 'action' || !env.EDDY_READ_ONLY)) return authoriseSignedIn(request, env, settings, where, environment);
  if (kind === 'action') return `anonymous${where}`;
  const policy = mutationPolicy(env);
  if (policy.readOnly) throw new AppError('forbidden', policy.reason ?? 'Eddy runs read-only.', 'read_only');
  if (!env.EDDY_OPERATOR_TOKEN) return `anonymous${where}`;
  const given = request.headers.get(OPERATOR_TOKEN_HEADER);
  if (!given) throw new AppError('forbidden', 'This change needs the operator token (EDDY_OPERATOR_TOKEN).', 'operator_token');
  if (!tokensMatch(given, env.EDDY_OPERATOR_TOKEN)) throw new AppError('forbidden', 'The operator token is wrong.', 'operator_token');
  return `operator${where}`;
}

/** With sign-in: a script's operator token, or an operator's session. */
function authoriseSignedIn(request: Request, env: PolicyEnv, settings: SignInSettings, where: string, environment?: EnvironmentRoles): string {
  const given = request.headers.get(OPERATOR_TOKEN_HEADER);
  if (given && env.EDDY_OPERATOR_TOKEN) {
    if (!tokensMatch(given, env.EDDY_OPERATOR_TOKEN)) throw new AppError('forbidden', 'The operator token is wrong.', 'operator_token');
    return `operator token${where}`;
  }
  const signedIn = sessionOf(request, settings);
  if (!signedIn) throw new AppError('unauthenticated', 'Sign in to change anything: your session is missing or has expired.');
  // The role in this environment: its own `operators` (eddy.config.json) may make a viewer an operator here.
  const session = { ...signedIn, role: roleInEnvironment(signedIn, environment) };
  if (session.role !== 'operator') throw new AppError('forbidden', `${session.email} is a viewer: only operators (EDDY_OPERATORS, or the environment's own operators) may redrive, cancel, purge, resend, check access or flip the demo’s switches.`, 'role');
  return actorOf(session);
}

/** Who a refused request came from, for the audit log: the signed-in user, or anonymous. */
export function requesterOf(request: Request, env: PolicyEnv): string {
  const settings = signInSettings(env);
  const session = settings && sessionOf(request, settings);
  return session ? actorOf(session) : 'anonymous';
}

/** Whether anyone may change anything in this Eddy (with sign-in: its operators), so its IAM policy needs the operator actions. */
export function changesPossible(env: PolicyEnv): boolean {
  if (env.EDDY_READ_ONLY) return false;
  return signInSettings(env) !== undefined || !mutationPolicy(env).readOnly;
}
