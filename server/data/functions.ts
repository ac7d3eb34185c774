import 'server-only';
import { matchEnvironment } from '@/lib/flow/env-match';
import { mappingVerdict, verdictOf, type Verdict } from '@/lib/health/verdict';
import { nodeHref } from '@/lib/flow/discover';
import { queueNameFromArn, tableNameFromArn } from '@/lib/flow/arn';
import { AppError, toAppError } from '@/lib/errors';
import type { FunctionDetail, FunctionMapping, FunctionSummary, MappingSummary } from '@/lib/types/flow';
import type { QueueSummary } from '@/lib/types/queues';
import { getFunction, listEventSourceMappings } from '../aws/lambda';
import { Gaps } from './settle';
import { getFlowMonitor, getHealthEngine } from './flow';

function toFunctionMapping(m: MappingSummary, verdict: Verdict, queueByArn: ReadonlyMap<string, QueueSummary>): FunctionMapping {
  const table = m.sourceKind === 'stream' ? tableNameFromArn(m.sourceArn) : undefined;
  const queue = m.sourceKind === 'queue' ? queueNameFromArn(m.sourceArn) : undefined;
  const source = table
    ? { kind: 'table' as const, name: table, href: nodeHref('table', table) }
    : queue
      ? { kind: 'queue' as const, name: queue, href: nodeHref('queue', queue) }
      : { kind: 'other' as const, name: m.sourceArn, href: null };
  const failureQueue = m.onFailureArn ? queueNameFromArn(m.onFailureArn) : undefined;
  const state = mappingVerdict(verdict, m, queueByArn);
  return { ...m, source, onFailure: failureQueue ? { name: failureQueue, href: nodeHref('dlq', failureQueue) } : null, health: state.health, healthReason: state.reason };
}

/**
 * Resolves unless `name` is surely neither a Lambda function nor a consumer declared in
 * eddy.config.json: `not_found` then (for a page's 404). When Lambda cannot be asked, the page
 * renders and says so instead.
 */
export async function assertFunctionExists(name: string): Promise<void> {
  const exists = await getFunction(name).then(
    () => true,
    (error: unknown) => toAppError(error).code !== 'not_found',
  );
  if (exists) return;
  const { config } = await getFlowMonitor().getConfiguration();
  if (!config.declared.consumers.some((c) => c.name === name)) throw new AppError('not_found', `There is no Lambda function named "${name}", and eddy.config.json declares no consumer of that name.`);
}

/** Everything the function page shows; `not_found` when it is neither a function nor a declared consumer. */
export async function getFunctionDetail(name: string): Promise<FunctionDetail> {
  const monitor = getFlowMonitor();
  const gaps = new Gaps();
  // Lambda down or denied costs the function's configuration or its mappings, not the page.
  let unread = false;
  const [{ config }, fn, mappings] = await Promise.all([
    monitor.getConfiguration(),
    gaps.part(
      getFunction(name).catch((error): FunctionSummary | null => {
        if (toAppError(error).code === 'not_found') return null;
        throw error;
      }),
      undefined,
      "the function's runtime and environment are missing",
    ),
    gaps.part(listEventSourceMappings(name), [], 'its event source mappings are missing'),
  ]);
  if (fn === undefined) unread = true;
  const declared = config.declared.consumers.find((c) => c.name === name);
  if (!fn && !declared && !unread) throw new AppError('not_found', `There is no Lambda function named "${name}", and eddy.config.json declares no consumer of that name.`);
  const known = {
    queueNames: new Set(config.queues.map((q) => q.name)),
    tableNames: new Set(config.tables.map((t) => t.name)),
    topicNames: new Set((config.topics ?? []).map((t) => t.name)),
  };
  const links = fn ? matchEnvironment(fn.environment, known) : [];
  const href = nodeHref('function', name);
  // The health engine's open findings about this function or its mappings: the one verdict.
  const open = getHealthEngine().open();
  const uuids = new Set(mappings.map((m) => m.uuid));
  const findings = open.filter((f) => f.resource.href === href || (f.mappingUuid !== undefined && uuids.has(f.mappingUuid)));
  const verdict = verdictOf(open);
  const queueByArn = new Map(config.queues.map((q) => [q.arn, q]));
  return {
    name,
    kind: fn || (unread && !declared) ? 'function' : 'consumer',
    arn: fn?.arn,
    runtime: fn?.runtime,
    description: fn?.description ?? declared?.description,
    mappings: mappings.map((m) => toFunctionMapping(m, verdict, queueByArn)),
    environmentLinks: links.map((l) => {
      const kind = l.resource.kind === 'table' || l.resource.kind === 'topic' ? l.resource.kind : 'queue';
      return { variable: l.variable, kind, name: l.resource.name, href: nodeHref(kind, l.resource.name) };
    }),
    otherVariables: fn ? Object.keys(fn.environment).length - new Set(links.map((l) => l.variable)).size : 0,
    declared: declared ? { reads: declared.reads, writes: declared.writes } : null,
    findings,
    gaps: gaps.list,
  };
}
