import type { Role } from './session';

/** Who may sign in and who is an operator: emails (any case) or values of the groups claim. */
export interface RoleRules {
  operators: string[];
  /** Empty: anyone the issuer admits may sign in (as a viewer, unless an operator). */
  viewers: string[];
  groupsClaim: string;
}

/** `a@x.com, ops ,b@y.com` → three entries; unset → none. */
export function parseList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

export type RoleResolution = { ok: true; email: string; name?: string; role: Role } | { ok: false; reason: string };

function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** Whether an entry of a list (operators, viewers) names this user: the email in any case, or a group value exactly. */
function matcherOf(email: string, claims: Record<string, unknown>, groupsClaim: string): (entry: string) => boolean {
  const groups = groupsOf(claims, groupsClaim);
  return (entry) => entry.toLowerCase() === email.toLowerCase() || groups.includes(entry);
}

/**
 * The environments whose own `operators` (eddy.config.json `environments[].operators`) name this
 * user by email or by a group value, worked out once at sign-in: the session keeps these names,
 * not the groups claim (which can run to hundreds of values and would not fit the cookie).
 */
export function environmentsOperated(email: string, claims: Record<string, unknown>, groupsClaim: string, environments: readonly EnvironmentRoles[]): string[] {
  const matches = matcherOf(email, claims, groupsClaim);
  return environments.filter((e) => e.operators?.some(matches)).map((e) => e.name);
}

/** What the per-environment role needs of an environment. */
export interface EnvironmentRoles {
  name: string;
  operators?: readonly string[];
}

/**
 * The role of a verified ID token's claims. It needs an email the issuer does not call
 * unverified; an entry matches the email case-insensitively or a group value exactly.
 */
export function resolveRole(claims: Record<string, unknown>, rules: RoleRules): RoleResolution {
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!email) return { ok: false, reason: 'The identity provider sent no email address (ask for the "email" scope).' };
  if (claims.email_verified === false) return { ok: false, reason: `The identity provider has not verified ${email}.` };
  const matches = matcherOf(email, claims, rules.groupsClaim);
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  if (rules.operators.some(matches)) return { ok: true, email, name, role: 'operator' };
  if (rules.viewers.length > 0 && !rules.viewers.some(matches)) return { ok: false, reason: `${email} may not sign in to this Eddy (not in EDDY_VIEWERS or EDDY_OPERATORS).` };
  return { ok: true, email, name, role: 'viewer' };
}

/**
 * The role of a signed-in user in one environment: an operator everywhere stays one; a viewer
 * operates an environment whose own `operators` named them at sign-in (by email or group,
 * `operatorIn`) or name their email now (a list edited since sign-in applies at once to emails;
 * a group added there applies from the next sign-in).
 */
export function roleInEnvironment(session: { email: string; role: Role; operatorIn?: readonly string[] }, environment: EnvironmentRoles | undefined): Role {
  if (session.role === 'operator') return 'operator';
  if (!environment) return 'viewer';
  if (session.operatorIn?.includes(environment.name)) return 'operator';
  const email = session.email.toLowerCase();
  return environment.operators?.some((entry) => entry.toLowerCase() === email) ? 'operator' : 'viewer';
}
