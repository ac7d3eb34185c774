import { describe, expect, it } from 'vitest';
import { demoConfiguration } from '@/lib/flow/fixtures/demo-config';
import type { Transition } from '@/lib/health/hysteresis';
import { DEFAULT_HEALTH_THRESHOLDS } from '@/lib/health/thresholds';
import type { QueueSample } from '@/lib/types/queues';
import { HealthEngine, type Observation } from './engine';

/** A notifications queue growing 12 per 10 s with nothing in flight, or flat, on a fake clock. */
function harness() {
  let clock = 1_800_000_000_000;
  let stalled = true;
  let fail = false;
  let incomplete = false;
  const samples: QueueSample[] = [];
  const sent: Transition[][] = [];
  const observe = async (): Promise<Observation> => {
    if (fail) throw new Error('SQS is unreachable');
    const last = samples.at(-1);
    samples.push({ at: clock, visible: stalled ? (last?.visible ?? 0) + 12 : 0, inFlight: 0, delayed: 0 });
    return { now: clock, config: demoConfiguration(), queueHistory: (n) => (n === 'notifications' ? samples : []), oldestAgeSeconds: new Map(), iteratorAgeMs: new Map(), errorCounts: new Map(), incomplete, incompleteBecause: incomplete ? ['Eddy needs `sns:ListTopics` (AuthorizationError): no SNS topics are shown.'] : [] };
  };
  const engine = new HealthEngine({ observe, now: () => clock, thresholds: () => ({ ...DEFAULT_HEALTH_THRESHOLDS, closeAfterClearSeconds: 60 }), onTransitions: (t) => sent.push(t) });
  const evaluate = async () => {
    clock += 15_000;
    return (await engine.evaluate()).filter((f) => f.rule === 'consumer-stalled').map((f) => f.id);
  };
  return {
    engine,
    sent,
    evaluate,
    set: (s: { stalled?: boolean; fail?: boolean; incomplete?: boolean }) => {
      stalled = s.stalled ?? stalled;
      fail = s.fail ?? fail;
      incomplete = s.incomplete ?? incomplete;
    },
  };
}

const stalledTransitions = (sent: Transition[][]) => sent.flat().filter((t) => t.finding.rule === 'consumer-stalled').map((t) => t.status);

describe('HealthEngine', () => {
  it('opens a stalled consumer after two evaluations, keeps it, and resolves it after the grace, one alert each', async () => {
    const h = harness();
    const seen: string[][] = [];
    for (let i = 0; i < 8; i++) seen.push(await h.evaluate());
    // The rule needs its stall window of samples, then two evaluations holding.
    const firstOpen = seen.findIndex((ids) => ids.length > 0);
    expect(firstOpen).toBeGreaterThan(0);
    expect(seen.slice(firstOpen).every((ids) => ids[0] === 'consumer-stalled:notifications')).toBe(true);
    expect(h.engine.open().find((f) => f.rule === 'consumer-stalled')?.since).toBeDefined();
    h.set({ stalled: false });
    expect(await h.evaluate()).toEqual(['consumer-stalled:notifications']); // clear, within the grace
    for (let i = 0; i < 4; i++) await h.evaluate();
    expect(await h.evaluate()).toEqual([]);
    expect(stalledTransitions(h.sent)).toEqual(['open', 'resolved']);
    expect(h.engine.status().transitions.filter((t) => t.finding.rule === 'consumer-stalled').map((t) => t.status)).toEqual(['resolved', 'open']);
  });

  it('changes nothing when it cannot look, and resolves nothing on an incomplete observation', async () => {
    const h = harness();
    for (let i = 0; i < 8; i++) await h.evaluate();
    h.set({ stalled: false, fail: true });
    await expect(h.evaluate()).rejects.toThrow('SQS is unreachable');
    expect(h.engine.status().lastError?.message).toBe('SQS is unreachable');
    expect(h.engine.open().some((f) => f.rule === 'consumer-stalled')).toBe(true);
    h.set({ fail: false, incomplete: true });
    for (let i = 0; i < 8; i++) expect(await h.evaluate()).toEqual(['consumer-stalled:notifications']);
    // Why it could not see everything is said with the status (the /alerts page shows it).
    expect(h.engine.status().incompleteBecause).toEqual(['Eddy needs `sns:ListTopics` (AuthorizationError): no SNS topics are shown.']);
    h.set({ incomplete: false });
    for (let i = 0; i < 6; i++) await h.evaluate();
    expect(h.engine.status().incompleteBecause).toEqual([]);
    expect(await h.evaluate()).toEqual([]);
    expect(stalledTransitions(h.sent)).toEqual(['open', 'resolved']);
  });
});
