import { queueNameFromArn } from '@/lib/flow/arn';
import { nodeId } from '@/lib/flow/discover';
import type { Finding, Health, MappingSummary } from '@/lib/types/flow';
import type { QueueSummary } from '@/lib/types/queues';

/** A node's or an edge's health with why, in words (empty when ok). */
export interface HealthState {
  health: Health;
  reason: string;
}

export const OK: HealthState = { health: 'ok', reason: '' };

const RANK: Record<Health, number> = { ok: 0, lagging: 1, failing: 2 };

/** The worse of two states (the first on a tie). */
export function worst(a: HealthState, b: HealthState): HealthState {
  return RANK[b.health] > RANK[a.health] ? b : a;
}

/** A finding's colour: critical is failing, a warning is lagging. */
export function stateOf(f: Finding): HealthState {
  return { health: f.severity === 'critical' ? 'failing' : 'lagging', reason: f.title };
}

/** The engine's open findings read as colours: per graph node, and per mapping for its edge. */
export interface Verdict {
  node: (id: string) => HealthState;
  mapping: (uuid: string) => HealthState;
}

/**
 * Configuration risks: they say what will hurt, not what hurts now, so they are listed in "Needs
 * attention" but colour nothing (a working mapping with unbounded retries is not failing).
 */
const RISKS: ReadonlySet<Finding['rule']> = new Set(['stream-infinite-retries', 'queue-without-dlq', 'max-receive-count-one', 'dlq-retention', 'subscription-without-dlq']);

/** Whether a finding colours the graph (everything but configuration risks). */
export function colours(f: Finding): boolean {
  return !RISKS.has(f.rule);
}

/** The one place findings turn into colours: the graph, the tiles and the badges all read this. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  const nodes = new Map<string, HealthState>();
  const mappings = new Map<string, HealthState>();
  for (const f of findings) {
    if (!colours(f)) continue;
    const state = stateOf(f);
    if (f.mappingUuid) mappings.set(f.mappingUuid, worst(mappings.get(f.mappingUuid) ?? OK, state));
    if (f.node) nodes.set(f.node, worst(nodes.get(f.node) ?? OK, state));
  }
  return { node: (id) => nodes.get(id) ?? OK, mapping: (uuid) => mappings.get(uuid) ?? OK };
}

/**
 * A mapping's colour: its own findings, its function's, its source queue's, and the DLQ its
 * failures land in (the source queue's redrive target, or its on-failure destination) when that
 * DLQ is failing — a DLQ receiving dead letters means the mapping that feeds it fails.
 */
export function mappingVerdict(verdict: Verdict, m: MappingSummary, queueByArn: ReadonlyMap<string, Pick<QueueSummary, 'redrivePolicy'>>): HealthState {
  let state = worst(verdict.mapping(m.uuid), verdict.node(nodeId('function', m.functionName)));
  const failureArns = [m.onFailureArn];
  if (m.sourceKind === 'queue') {
    state = worst(state, verdict.node(nodeId('queue', queueNameFromArn(m.sourceArn) ?? '')));
    failureArns.push(queueByArn.get(m.sourceArn)?.redrivePolicy?.deadLetterTargetArn);
  }
  for (const arn of failureArns) {
    const dlq = arn ? queueNameFromArn(arn) : undefined;
    const dlqState = dlq ? verdict.node(nodeId('queue', dlq)) : OK;
    if (dlqState.health === 'failing') state = worst(state, dlqState);
  }
  return state;
}
