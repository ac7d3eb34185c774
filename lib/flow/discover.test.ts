import { describe, expect, it } from 'vitest';
import { parseEddyConfig } from './config-schema';
import { discoverFlow, subscriptionLabel } from './discover';
import { demoConfiguration, functionArn, queue, queueArn } from './fixtures/demo-config';

const edgeIds = (config = demoConfiguration()) => discoverFlow(config).edges.map((e) => e.id).sort();

describe('discoverFlow', () => {
  it('gives an empty graph for an empty account', () => {
    expect(discoverFlow({ tables: [], queues: [], functions: [], mappings: [], declared: { consumers: [], edges: [], correlationKeys: [] } })).toEqual({ nodes: [], edges: [], declaredErrors: [] });
  });

  it('draws the demo system as its resources are wired', () => {
    const graph = discoverFlow(demoConfiguration());
    expect(graph.nodes.map((n) => `${n.kind} ${n.name}`).sort()).toEqual([
      'dlq fulfillment-dlq',
      'dlq notifications-dlq',
      'dlq order-projector-failures',
      'function fulfillment-worker',
      'function notifier',
      'function order-projector',
      'queue fulfillment',
      'queue notifications',
      'table inventory',
      'table orders',
    ]);
    expect(edgeIds()).toEqual([
      'environment:function:fulfillment-worker->queue:notifications',
      'environment:function:fulfillment-worker->table:orders',
      'environment:function:order-projector->queue:fulfillment',
      'environment:function:order-projector->table:inventory',
      'mapping:queue:fulfillment->function:fulfillment-worker',
      'mapping:queue:notifications->function:notifier',
      'mapping:table:orders->function:order-projector',
      'on-failure:function:order-projector->queue:order-projector-failures',
      'redrive:queue:fulfillment->queue:fulfillment-dlq',
      'redrive:queue:notifications->queue:notifications-dlq',
    ]);
  });

  it('links nodes to their pages', () => {
    const byId = new Map(discoverFlow(demoConfiguration()).nodes.map((n) => [n.id, n.href]));
    expect(byId.get('table:orders')).toBe('/streams/orders');
    expect(byId.get('queue:fulfillment-dlq')).toBe('/queues/fulfillment-dlq');
    expect(byId.get('function:notifier')).toBe('/functions/notifier');
  });

  it('labels mapping edges with the batch size and environment edges with the variable', () => {
    const edges = new Map(discoverFlow(demoConfiguration()).edges.map((e) => [e.id, e]));
    expect(edges.get('mapping:table:orders->function:order-projector')).toMatchObject({ label: 'batch 25', mappingUuid: 'm-projector' });
    expect(edges.get('environment:function:order-projector->queue:fulfillment')?.label).toBe('FULFILLMENT_QUEUE_URL');
  });

  it('adds nodes for a mapping whose function or destination was not listed', () => {
    const config = demoConfiguration();
    config.functions = [];
    config.queues = config.queues.filter((q) => q.name !== 'order-projector-failures');
    const graph = discoverFlow(config);
    expect(graph.nodes.find((n) => n.id === 'function:order-projector')).toMatchObject({ arn: functionArn('order-projector') });
    expect(graph.nodes.find((n) => n.id === 'queue:order-projector-failures')).toMatchObject({ kind: 'dlq' });
  });

  it('adds declared consumers and edges from eddy.config.json', () => {
    const config = demoConfiguration();
    const parsed = parseEddyConfig(
      JSON.stringify({
        consumers: [{ name: 'shipping-worker', reads: ['queue:fulfillment'], writes: ['table:orders'] }],
        edges: [{ from: 'function:notifier', to: 'queue:fulfillment', label: 'retries' }],
      }),
    );
    expect(parsed.errors).toEqual([]);
    config.declared = parsed.config;
    const graph = discoverFlow(config);
    expect(graph.nodes.find((n) => n.id === 'consumer:shipping-worker')).toMatchObject({ kind: 'consumer', href: '/functions/shipping-worker' });
    const ids = graph.edges.filter((e) => e.kind === 'declared').map((e) => `${e.id} ${e.label}`);
    expect(ids).toEqual([
      'declared:queue:fulfillment->consumer:shipping-worker declared',
      'declared:consumer:shipping-worker->table:orders declared',
      'declared:function:notifier->queue:fulfillment retries',
    ]);
    expect(graph.declaredErrors).toEqual([]);
  });

  it('reports declared edges that name unknown resources instead of throwing', () => {
    const config = demoConfiguration();
    config.declared = parseEddyConfig(JSON.stringify({ edges: [{ from: 'queue:nope', to: 'function:notifier' }] })).config;
    const graph = discoverFlow(config);
    expect(graph.declaredErrors).toEqual(['edges.0.from: no queue named "nope" was found']);
    expect(graph.edges.some((e) => e.kind === 'declared')).toBe(false);
  });

  it('treats an on-failure destination as a DLQ even without a redrive policy', () => {
    const config = demoConfiguration();
    const graph = discoverFlow(config);
    expect(graph.nodes.find((n) => n.name === 'order-projector-failures')?.kind).toBe('dlq');
  });

  it('is deterministic whatever order AWS lists things in', () => {
    const a = demoConfiguration();
    const b = demoConfiguration();
    b.queues.reverse();
    b.mappings.reverse();
    b.functions.reverse();
    b.tables.reverse();
    expect(discoverFlow(b)).toEqual(discoverFlow(a));
  });

  it('draws no edge for a queue ARN in the environment that is not a known queue', () => {
    const config = demoConfiguration();
    config.functions[2].environment = { OTHER: queueArn('elsewhere') };
    config.queues.push(queue('unrelated'));
    expect(edgeIds(config).filter((id) => id.startsWith('environment:function:notifier'))).toEqual([]);
  });
});

describe('SNS topics in the flow', () => {
  const topicArn = 'arn:aws:sns:us-east-1:000000000000:order-events';
  const subscription = (queue: string, extra: Record<string, unknown> = {}) => ({
    arn: `${topicArn}:${queue}-0000`,
    topicArn,
    protocol: 'sqs',
    endpoint: queueArn(queue),
    endpointName: queue,
    pending: false,
    raw: false,
    attributesKnown: true,
    deadLetterTargetArn: queueArn('order-events-dlq'),
    ...extra,
  });
  const withTopic = () => {
    const config = demoConfiguration();
    config.queues.push(queue('order-events-dlq'));
    config.functions.find((f) => f.name === 'order-projector')!.environment = { ORDER_EVENTS_TOPIC_ARN: topicArn, INVENTORY_TABLE: 'inventory' };
    config.topics = [
      {
        name: 'order-events',
        arn: topicArn,
        fifo: false,
        subscriptions: [
          subscription('fulfillment', { raw: true, filterPolicy: '{"eventType":["OrderPlaced"]}', filterPolicyScope: 'MessageAttributes' }),
          subscription('notifications'),
          { ...subscription('fn'), protocol: 'lambda', endpoint: functionArn('notifier'), endpointName: 'notifier', deadLetterTargetArn: undefined },
        ],
      },
    ];
    return config;
  };

  it('draws function → topic (by the ARN in its environment) → each subscribed queue or function, and the subscription DLQ', () => {
    const graph = discoverFlow(withTopic());
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    expect(graph.nodes.find((n) => n.id === 'topic:order-events')).toMatchObject({ kind: 'topic', arn: topicArn, href: '/topics#topic-order-events' });
    expect(graph.nodes.find((n) => n.id === 'queue:order-events-dlq')?.kind).toBe('dlq');
    expect(edges.get('environment:function:order-projector->topic:order-events')?.label).toBe('ORDER_EVENTS_TOPIC_ARN');
    expect(edges.get('subscription:topic:order-events->queue:fulfillment')).toMatchObject({ label: 'eventType: OrderPlaced · raw', detail: 'Filter policy (MessageAttributes): {"eventType":["OrderPlaced"]} — raw delivery.' });
    expect(edges.get('subscription:topic:order-events->queue:notifications')?.label).toBe('all messages');
    expect(edges.has('subscription:topic:order-events->function:notifier')).toBe(true);
    expect(edges.get('redrive:topic:order-events->queue:order-events-dlq')?.label).toBe('failed deliveries');
    expect(edges.has('environment:function:order-projector->queue:fulfillment')).toBe(false);
  });

  it('abbreviates a long filter policy on the edge, keeping the whole for the hover; unknown attributes say so', () => {
    const policy = JSON.stringify({ eventType: ['OrderPlaced', 'OrderPaid', 'OrderShipped'], price: [{ numeric: ['>', 100] }] });
    const { label, detail } = subscriptionLabel({ raw: false, filterPolicy: policy, filterPolicyScope: 'MessageBody', attributesKnown: true });
    expect(label.length).toBeLessThanOrEqual(28);
    expect(label.endsWith('…')).toBe(true);
    expect(detail).toContain(policy);
    expect(subscriptionLabel({ raw: false, attributesKnown: false }).label).toBe('filter unknown');
  });
});
