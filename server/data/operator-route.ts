import 'server-only';
import { AppError } from '@/lib/errors';
import type { AuditAction } from '@/lib/types/audit';
import { getEnv } from '../env';
import { currentEnvironment } from '../environments';
import { authoriseMutation, requesterOf, type MutationKind } from '../redrive/policy';
import { getAuditLog } from './audit';
import { jsonRoute } from './respond';
import { assertSameOriginJson } from './same-origin';

/** A route's dynamic segments as Next hands them over, unparsed: each route parses its own with zod. */
export type RouteParams = Record<string, string | string[] | undefined>;

/** What a mutation's work receives once the request is allowed: the request, its params and who acts (for the audit log). */
export interface OperatorRequest {
  request: Request;
  params: RouteParams;
  actor: string;
}

export interface OperatorRouteOptions {
  /** What the route changes (server/redrive/policy.ts `MutationKind`): AWS (`change`) or nothing in AWS (`action`). */
  kind: MutationKind;
  /** Audits a refusal as this action on these queues (parsed from the params; a bad param is `invalid` before any check). */
  audit?: { action: AuditAction; queues: (params: RouteParams) => string[] };
}

/** A route handler as Next calls it: `export const POST = operatorRoute(...)`. */
export type OperatorRouteHandler = (request: Request, context: { params: Promise<RouteParams> }) => Promise<Response>;

const operatorRoutes = new WeakSet<OperatorRouteHandler>();

/**
 * The one way to write a mutation route (every POST/PUT/PATCH/DELETE under app/api; a test walks
 * them): a same-origin JSON request, then the mutation policy — with sign-in, an operator's
 * session or the script token (401 without a session, 403 for a viewer); for a `change`,
 * EDDY_READ_ONLY and the operator token too. A refusal is audited when `audit` is given. The
 * work's result is answered as JSON, its failures in the one error shape.
 */
export function operatorRoute<T>(options: OperatorRouteOptions, work: (allowed: OperatorRequest) => Promise<T>): OperatorRouteHandler {
  const handler: OperatorRouteHandler = (request, context) =>
    jsonRoute(async () => {
      const params = await context.params;
      const queues = options.audit?.queues(params) ?? [];
      const actor = await authorise(request, options, queues);
      return work({ request, params, actor });
    });
  operatorRoutes.add(handler);
  return handler;
}

/** Whether a route's export was made by `operatorRoute` (and so checks the role before it runs). */
export function isOperatorRoute(handler: unknown): boolean {
  return typeof handler === 'function' && operatorRoutes.has(handler as OperatorRouteHandler);
}

async function authorise(request: Request, options: OperatorRouteOptions, queues: string[]): Promise<string> {
  try {
    assertSameOriginJson(request);
    // The role in the request's environment: its own `operators` (eddy.config.json) count there.
    return authoriseMutation(request, getEnv(), options.kind, currentEnvironment(getEnv()));
  } catch (error) {
    if (error instanceof AppError && options.audit) {
      await getAuditLog().append({ actor: requesterOf(request, getEnv()), action: options.audit.action, queues, outcome: 'refused', detail: error.message });
    }
    throw error;
  }
}
