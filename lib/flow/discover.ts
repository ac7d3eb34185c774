import type { QueueSummary } from '@/lib/types/queues';
import type { TableSummary } from '@/lib/types/tables';
import type { FlowEdgeKind, FlowNodeKind, FunctionSummary, MappingSummary, ResourceRef } from '@/lib/types/flow';
import type { SubscriptionSummary, TopicSummary } from '@/lib/types/topics';
import { functionNameFromArn, queueNameFromArn, tableNameFromArn } from './arn';
import { parseRef, type EddyConfig } from './config-schema';
import { matchEnvironment } from './env-match';
import { afterReceives } from '../queues/settings';

/** Everything discovery reads: AWS configuration and the optional declared configuration. */
export interface FlowConfiguration {
  tables: TableSummary[];
  queues: QueueSummary[];
  functions: FunctionSummary[];
  mappings: MappingSummary[];
  declared: EddyConfig;
  /** SNS topics with their subscriptions; absent where SNS is not discovered. */
  topics?: TopicSummary[];
}

export interface DiscoveredNode {
  id: string;
  kind: FlowNodeKind;
  name: string;
  arn?: string;
  href: string;
}

export interface DiscoveredEdge {
  id: string;
  kind: FlowEdgeKind;
  source: string;
  target: string;
  label: string;
  mappingUuid?: string;
  /** The whole of what the label abbreviates (a subscription's filter policy), for the hover. */
  detail?: string;
}

export interface DiscoveredGraph {
  nodes: DiscoveredNode[];
  edges: DiscoveredEdge[];
  /** Declared edges or consumers that name nothing Eddy knows. */
  declaredErrors: string[];
}

/** The node id of a resource: tables and their streams are one node. */
export function nodeId(kind: FlowNodeKind | ResourceRef['kind'] | 'topic', name: string): string {
  return `${kind === 'dlq' ? 'queue' : kind}:${name}`;
}

/** The page a node opens. */
export function nodeHref(kind: FlowNodeKind, name: string): string {
  const segment = encodeURIComponent(name);
  if (kind === 'table') return `/streams/${segment}`;
  if (kind === 'queue' || kind === 'dlq') return `/queues/${segment}`;
  if (kind === 'topic') return `/topics#topic-${segment}`;
  return `/functions/${segment}`;
}

/** ARNs of queues some RedrivePolicy, on-failure destination or SNS subscription sends dead letters to. */
export function deadLetterArns(config: Pick<FlowConfiguration, 'queues' | 'mappings' | 'topics'>): Set<string> {
  const arns = new Set<string>();
  for (const q of config.queues) if (q.redrivePolicy) arns.add(q.redrivePolicy.deadLetterTargetArn);
  for (const m of config.mappings) if (m.onFailureArn) arns.add(m.onFailureArn);
  for (const t of config.topics ?? []) for (const s of t.subscriptions) if (s.deadLetterTargetArn) arns.add(s.deadLetterTargetArn);
  return arns;
}

const MAX_FILTER_LABEL = 28;

/**
 * A subscription edge's label: its filter policy abbreviated (`eventType: OrderPlaced`), `all
 * messages` without one, and `raw` for raw delivery; `detail` is the whole policy for the hover.
 */
export function subscriptionLabel(sub: Pick<SubscriptionSummary, 'raw' | 'filterPolicy' | 'filterPolicyScope' | 'attributesKnown'>): { label: string; detail: string } {
  if (!sub.attributesKnown) return { label: 'filter unknown', detail: 'The subscription’s attributes could not be read: its filter policy and raw delivery are unknown.' };
  const delivery = sub.raw ? 'raw delivery' : 'SNS envelope';
  if (!sub.filterPolicy) return { label: sub.raw ? 'all · raw' : 'all messages', detail: `No filter policy: every message (${delivery}).` };
  let short = sub.filterPolicy;
  try {
    const policy = JSON.parse(sub.filterPolicy) as Record<string, unknown>;
    short = Object.entries(policy)
      .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('|') : JSON.stringify(value)}`)
      .join(', ');
  } catch {
    // An unparsable policy is shown as it is.
  }
  const label = short.length > MAX_FILTER_LABEL ? `${short.slice(0, MAX_FILTER_LABEL - 1)}…` : short;
  return { label: sub.raw ? `${label} · raw` : label, detail: `Filter policy (${sub.filterPolicyScope ?? 'MessageAttributes'}): ${sub.filterPolicy} — ${delivery}.` };
}

/**
 * Builds the flow graph from configuration alone: a node per table (with its stream), queue (a
 * DLQ when something dead-letters into it), function and declared consumer; an edge per event
 * source mapping (stream or queue → function), on-failure destination (function → queue),
 * redrive policy (queue → DLQ), environment variable naming a queue or table (function → it) and
 * declared edge. Pure and deterministic: the same configuration gives the same graph.
 */
export function discoverFlow(config: FlowConfiguration): DiscoveredGraph {
  const nodes = new Map<string, DiscoveredNode>();
  const edges = new Map<string, DiscoveredEdge>();
  const declaredErrors: string[] = [];
  const dlqArns = deadLetterArns(config);

  const addNode = (kind: FlowNodeKind, name: string, arn?: string): string => {
    const id = nodeId(kind, name);
    const existing = nodes.get(id);
    if (!existing) nodes.set(id, { id, kind, name, arn, href: nodeHref(kind, name) });
    else if (!existing.arn && arn) existing.arn = arn;
    return id;
  };
  const addEdge = (kind: FlowEdgeKind, source: string, target: string, label: string, mappingUuid?: string, detail?: string) => {
    if (source === target) return;
    const id = `${kind}:${source}->${target}`;
    if (!edges.has(id)) edges.set(id, { id, kind, source, target, label, mappingUuid, ...(detail ? { detail } : {}) });
  };

  for (const t of [...config.tables].sort((a, b) => a.name.localeCompare(b.name))) addNode('table', t.name, t.arn);
  for (const q of [...config.queues].sort((a, b) => a.name.localeCompare(b.name))) addNode(dlqArns.has(q.arn) ? 'dlq' : 'queue', q.name, q.arn);
  for (const f of [...config.functions].sort((a, b) => a.name.localeCompare(b.name))) addNode('function', f.name, f.arn);

  const queueKindByArn = (arn: string): { kind: FlowNodeKind; name: string } | undefined => {
    const name = queueNameFromArn(arn);
    return name ? { kind: dlqArns.has(arn) ? 'dlq' : 'queue', name } : undefined;
  };

  const mappings = [...config.mappings].sort((a, b) => a.functionName.localeCompare(b.functionName) || a.sourceArn.localeCompare(b.sourceArn));
  for (const m of mappings) {
    const fn = addNode('function', m.functionName, m.functionArn);
    let source: string | undefined;
    if (m.sourceKind === 'stream') {
      const table = tableNameFromArn(m.sourceArn);
      if (table) source = addNode('table', table);
    } else if (m.sourceKind === 'queue') {
      const queue = queueKindByArn(m.sourceArn);
      if (queue) source = addNode(queue.kind, queue.name, m.sourceArn);
    }
    if (source) addEdge('mapping', source, fn, `batch ${m.batchSize ?? '—'}`, m.uuid);
    if (m.onFailureArn) {
      const dest = queueKindByArn(m.onFailureArn);
      if (dest) addEdge('on-failure', fn, addNode(dest.kind, dest.name, m.onFailureArn), 'on failure');
    }
  }

  const byName = <T extends { name: string }>(items: readonly T[]) => [...items].sort((a, b) => a.name.localeCompare(b.name));
  for (const q of byName(config.queues)) {
    if (!q.redrivePolicy) continue;
    const dlq = queueKindByArn(q.redrivePolicy.deadLetterTargetArn);
    if (dlq) addEdge('redrive', nodeId('queue', q.name), addNode(dlq.kind, dlq.name, q.redrivePolicy.deadLetterTargetArn), afterReceives(q.redrivePolicy.maxReceiveCount));
  }

  // Topics fan out: topic → each subscribed queue or function, the filter on the edge; a
  // subscription's dead-letter queue hangs off the topic (SNS writes it when a delivery fails).
  const topics = [...(config.topics ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  for (const t of topics) {
    const topic = addNode('topic', t.name, t.arn);
    for (const sub of [...t.subscriptions].sort((a, b) => a.endpoint.localeCompare(b.endpoint))) {
      let target: string | undefined;
      if (sub.protocol === 'sqs') {
        const queue = queueKindByArn(sub.endpoint);
        if (queue) target = addNode(queue.kind, queue.name, sub.endpoint);
      } else if (sub.protocol === 'lambda') {
        const fn = functionNameFromArn(sub.endpoint);
        if (fn) target = addNode('function', fn, sub.endpoint);
      }
      if (target) {
        const { label, detail } = subscriptionLabel(sub);
        addEdge('subscription', topic, target, label, undefined, detail);
      }
      const dlq = sub.deadLetterTargetArn ? queueKindByArn(sub.deadLetterTargetArn) : undefined;
      if (dlq) addEdge('redrive', topic, addNode(dlq.kind, dlq.name, sub.deadLetterTargetArn), 'failed deliveries');
    }
  }

  const known = {
    queueNames: new Set(config.queues.map((q) => q.name)),
    tableNames: new Set(config.tables.map((t) => t.name)),
    topicNames: new Set(topics.map((t) => t.name)),
  };
  for (const f of byName(config.functions)) {
    for (const match of matchEnvironment(f.environment, known)) {
      addEdge('environment', nodeId('function', f.name), nodeId(match.resource.kind, match.resource.name), match.variable);
    }
  }

  // Declared consumers first, so declared edges may name them.
  const declaredConsumers = new Set(config.declared.consumers.map((c) => c.name));
  const resolve = (ref: ResourceRef, where: string): string | undefined => {
    const id = nodeId(ref.kind, ref.name);
    if (nodes.has(id)) return id;
    if (ref.kind === 'consumer' && declaredConsumers.has(ref.name)) return addNode('consumer', ref.name);
    declaredErrors.push(`${where}: no ${ref.kind} named "${ref.name}" was found`);
    return undefined;
  };
  config.declared.consumers.forEach((c, i) => {
    const id = nodes.has(nodeId('function', c.name)) ? nodeId('function', c.name) : addNode('consumer', c.name);
    c.reads.forEach((ref, j) => {
      const source = resolve(parseRef(ref), `consumers.${i}.reads.${j}`);
      if (source) addEdge('declared', source, id, 'declared');
    });
    c.writes.forEach((ref, j) => {
      const target = resolve(parseRef(ref), `consumers.${i}.writes.${j}`);
      if (target) addEdge('declared', id, target, 'declared');
    });
  });
  config.declared.edges.forEach((e, i) => {
    const source = resolve(parseRef(e.from), `edges.${i}.from`);
    const target = resolve(parseRef(e.to), `edges.${i}.to`);
    if (source && target) addEdge('declared', source, target, e.label ?? 'declared');
  });

  return { nodes: [...nodes.values()], edges: [...edges.values()], declaredErrors };
}
