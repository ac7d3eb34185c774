import { describe, expect, it } from 'vitest';
import { demoConfiguration } from '@/lib/flow/fixtures/demo-config';
import type { QueueSample } from '@/lib/types/queues';
import { evaluateRules, undeterminedFindings, type HealthInputs } from './rules';
import { DEFAULT_HEALTH_THRESHOLDS as T } from './thresholds';

const NOW = 1_800_000_000_000;

/** Samples every 10 s ending at NOW, one per depth given. */
function history(depths: number[], inFlight = 0): QueueSample[] {
  return depths.map((depth, i) => ({ at: NOW - (depths.length - 1 - i) * 10_000, visible: depth - inFlight, inFlight, delayed: 0 }));
}

function inputs(extra: Partial<HealthInputs> & { histories?: Record<string, QueueSample[]> } = {}): HealthInputs {
  const { histories = {}, ...rest } = extra;
  return {
    now: NOW,
    config: demoConfiguration(),
    queueHistory: (name) => histories[name] ?? [],
    oldestAgeSeconds: new Map(),
    iteratorAgeMs: new Map(),
    errorCounts: new Map(),
    ...rest,
  };
}

const live = (i: HealthInputs) => evaluateRules(i, T).filter((f) => !['stream-infinite-retries', 'queue-without-dlq', 'max-receive-count-one', 'dlq-retention'].includes(f.rule));

describe('evaluateRules', () => {
  it('finds nothing live without figures (unknown is not a finding)', () => {
    expect(live(inputs())).toEqual([]);
  });

  it('opens dlq-receiving on a DLQ whose depth rose within the window, with evidence and its time', () => {
    const [f] = live(inputs({ histories: { 'fulfillment-dlq': history([3, 3, 4, 5]) } }));
    expect(f).toMatchObject({ id: 'dlq-receiving:fulfillment-dlq', severity: 'critical', node: 'queue:fulfillment-dlq', resource: { kind: 'dlq', href: '/queues/fulfillment-dlq' } });
    expect(f.evidence?.[0]).toMatchObject({ value: '2', at: new Date(NOW).toISOString() });
    // A redrive lowers the depth: nothing arrived.
    expect(live(inputs({ histories: { 'fulfillment-dlq': history([9, 4, 0]) } }))).toEqual([]);
  });

  it('tells a stalled consumer (nothing in flight while the backlog grows) from a slow one', () => {
    const growing = Array.from({ length: 8 }, (_, i) => i * 12);
    expect(live(inputs({ histories: { notifications: history(growing) } })).map((f) => f.id)).toEqual(['consumer-stalled:notifications']);
    const slow = live(inputs({ histories: { notifications: history(growing.map((d) => d + 5), 5) } }));
    expect(slow.map((f) => f.id)).toEqual(['backlog-growing:notifications']);
    expect(slow[0].severity).toBe('warning');
  });

  it('needs samples covering the whole stall window before it calls a consumer stalled', () => {
    // 20 s of samples at 10 s: less than the default 30 s window, so only the growth shows.
    expect(live(inputs({ histories: { notifications: history([0, 30, 60]) } })).map((f) => f.id)).toEqual(['backlog-growing:notifications']);
    // A handful of retried messages trending up (some in flight) is no backlog worth a warning.
    expect(live(inputs({ histories: { notifications: history([2, 4, 6, 8, 10, 12], 2) } })).map((f) => f.id)).toEqual([]);
    expect(live(inputs({ histories: { notifications: history([0, 12, 24, 36]) } })).map((f) => f.id)).toEqual(['consumer-stalled:notifications']);
    // A 60 s window at the sampler's 10 s pace.
    const sixty = { ...T, stalledAfterSeconds: 60 };
    expect(evaluateRules(inputs({ histories: { notifications: history([0, 12, 24, 36, 48, 60]) } }), sixty).some((f) => f.rule === 'consumer-stalled')).toBe(false);
    expect(evaluateRules(inputs({ histories: { notifications: history([0, 12, 24, 36, 48, 60, 72]) } }), sixty).some((f) => f.rule === 'consumer-stalled')).toBe(true);
  });

  it('confirms a stall over three samples at the unwatched 60 s pace', () => {
    const minutely = (depths: number[]) => depths.map((depth, i) => ({ at: NOW - (depths.length - 1 - i) * 60_000, visible: depth, inFlight: 0, delayed: 0 }));
    // Two samples a minute apart cover the 60 s window but are no trend yet.
    expect(live(inputs({ histories: { notifications: minutely([0, 90]) } })).map((f) => f.id)).not.toContain('consumer-stalled:notifications');
    expect(live(inputs({ histories: { notifications: minutely([0, 90, 180]) } })).map((f) => f.id)).toEqual(['consumer-stalled:notifications']);
    // A consumer that had a message in flight two samples ago is not stalled.
    const busy = minutely([0, 90, 180]).map((s, i) => (i === 1 ? { ...s, inFlight: 1 } : s));
    expect(live(inputs({ histories: { notifications: busy } })).map((f) => f.id)).not.toContain('consumer-stalled:notifications');
  });

  it('evaluates the other modules’ findings (topics, schema drift) with the rules', () => {
    const drift = { id: 'schema-drift:orders:type_changed:total', rule: 'schema-drift' as const, severity: 'critical' as const, title: 'orders.total changed type', why: '', fix: '', resource: { kind: 'table' as const, name: 'orders', href: '/streams/orders#schema' }, node: 'table:orders' };
    expect(live(inputs({ findings: [drift] }))).toEqual([drift]);
  });

  it('judges no depth rule on a queue whose counts SQS did not return this time, and says they are undetermined', () => {
    const config = demoConfiguration();
    for (const name of ['notifications', 'fulfillment-dlq']) Object.assign(config.queues.find((q) => q.name === name)!, { inFlight: undefined, countsUnknownReason: 'no count' });
    const growing = Array.from({ length: 8 }, (_, i) => i * 12);
    // The histories would fire (a stall, new dead letters), but they stopped with the counts.
    const found = live(inputs({ config, histories: { notifications: history(growing), 'fulfillment-dlq': history([3, 3, 4, 5]) } }));
    expect(found).toEqual([]);
    expect([...undeterminedFindings({ config })].sort()).toEqual([
      'backlog-growing:fulfillment-dlq',
      'backlog-growing:notifications',
      'consumer-stalled:fulfillment-dlq',
      'consumer-stalled:notifications',
      'dlq-receiving:fulfillment-dlq',
      'dlq-receiving:notifications',
    ]);
    expect(undeterminedFindings({ config: demoConfiguration() }).size).toBe(0);
  });

  it('does not call a steady or draining queue stalled', () => {
    expect(live(inputs({ histories: { notifications: history([40, 40, 41, 40, 40, 41, 40, 40]) } }))).toEqual([]);
    expect(live(inputs({ histories: { notifications: history([80, 70, 60, 50, 40, 30, 20, 10]) } }))).toEqual([]);
  });

  it('bounds the oldest message age, but not on a queue now empty', () => {
    const old = new Map([['fulfillment', { value: 900, at: NOW - 30_000 }]]);
    expect(live(inputs({ oldestAgeSeconds: old, histories: { fulfillment: history([5, 5, 5]) } })).map((f) => f.id)).toEqual(['oldest-message-age:fulfillment']);
    expect(live(inputs({ oldestAgeSeconds: old, histories: { fulfillment: history([5, 5, 0]) } }))).toEqual([]);
    expect(live(inputs({ oldestAgeSeconds: new Map([['fulfillment', { value: 30, at: NOW }]]) }))).toEqual([]);
  });

  it('reads a function failing from Errors / Invocations, not only LastProcessingResult', () => {
    const counts = (errors: number, invocations: number) => new Map([['notifier', { errors, invocations, at: NOW }]]);
    const [f] = live(inputs({ errorCounts: counts(30, 100) }));
    expect(f).toMatchObject({ id: 'error-rate:notifier', severity: 'critical', title: 'notifier fails 30 % of its invocations', node: 'function:notifier' });
    expect(f.evidence?.map((e) => e.label)).toEqual(['Errors', 'Invocations']);
    expect(live(inputs({ errorCounts: counts(3, 100) }))).toEqual([]);
    // Too few invocations to say.
    expect(live(inputs({ errorCounts: counts(2, 2) }))).toEqual([]);
  });

  it('warns on iterator age, and turns critical when the data-loss clock runs low', () => {
    expect(live(inputs({ iteratorAgeMs: new Map([['order-projector', { value: 90_000, at: NOW }]]) }))[0]).toMatchObject({ id: 'iterator-age:order-projector', severity: 'warning' });
    expect(live(inputs({ iteratorAgeMs: new Map([['order-projector', { value: 23 * 3_600_000, at: NOW }]]) }))[0]).toMatchObject({ id: 'data-loss-clock:order-projector', severity: 'critical' });
    // notifier reads a queue: an IteratorAge for it is no stream lag.
    expect(live(inputs({ iteratorAgeMs: new Map([['notifier', { value: 90_000, at: NOW }]]) }))).toEqual([]);
  });

  it('includes the configuration findings, and follows the configured thresholds', () => {
    const config = demoConfiguration();
    config.mappings[1].lastProcessingResult = 'PROBLEM: Function call failed';
    const all = evaluateRules(inputs({ config }), T);
    expect(all.find((f) => f.rule === 'mapping-problem')).toMatchObject({ severity: 'critical', mappingUuid: config.mappings[1].uuid, node: 'function:fulfillment-worker' });
    const age = new Map([['fulfillment', { value: 120, at: NOW }]]);
    expect(live(inputs({ oldestAgeSeconds: age, histories: { fulfillment: history([5, 5]) } }))).toEqual([]);
    expect(evaluateRules(inputs({ oldestAgeSeconds: age, histories: { fulfillment: history([5, 5]) } }), { ...T, oldestMessageAgeSeconds: 60 }).some((f) => f.rule === 'oldest-message-age')).toBe(true);
  });
});
