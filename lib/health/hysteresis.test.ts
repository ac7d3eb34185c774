import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/types/flow';
import { openFindings, stepFindings, type Tracked } from './hysteresis';

const f = (id: string, severity: Finding['severity'] = 'critical'): Finding => ({ id, rule: 'consumer-stalled', severity, title: id, why: '', fix: '', resource: { kind: 'queue', name: id, href: '/' } });
const OPTIONS = { openAfter: 2, closeAfterMs: 60_000 };

/** Runs evaluations every 15 s on a fake clock; `holds[i]` is what held at the i-th. */
function run(holds: string[][], options = OPTIONS) {
  let tracked = new Map<string, Tracked>();
  const log: string[] = [];
  holds.forEach((ids, i) => {
    const step = stepFindings(tracked, ids.map((id) => f(id)), i * 15_000, options);
    tracked = step.tracked;
    for (const t of step.transitions) log.push(`${i}:${t.status}:${t.finding.id}@${t.since}`);
  });
  return { tracked, log };
}

describe('stepFindings', () => {
  it('opens a finding only once it held two evaluations in a row', () => {
    expect(run([['a'], [], ['a'], [], ['a']]).log).toEqual([]);
    const { tracked, log } = run([['a'], ['a'], ['a']]);
    expect(log).toEqual(['1:open:a@15000']);
    expect(openFindings(tracked)).toMatchObject([{ id: 'a', since: new Date(15_000).toISOString() }]);
  });

  it('closes only after the grace period clear, and a return within it keeps the first since', () => {
    // open at 1; clear at 2..4 (30 s < 60 s); holds again at 5; clear from 6: resolves once 60 s have passed (at 10).
    const holds = [['a'], ['a'], [], [], [], ['a'], [], [], [], [], [], []];
    const { log, tracked } = run(holds);
    expect(log).toEqual(['1:open:a@15000', '10:resolved:a@15000']);
    expect(openFindings(tracked)).toEqual([]);
  });

  it('flapping every evaluation gives one open and no resolve (0 flips)', () => {
    const holds = Array.from({ length: 40 }, (_, i) => (i < 2 || i % 2 === 0 ? ['a'] : []));
    const { log } = run(holds);
    expect(log).toEqual(['1:open:a@15000']);
  });

  it('resolves at the first clear evaluation with no grace, and one transition per change', () => {
    const { log } = run([['a', 'b'], ['a', 'b'], ['b'], []], { openAfter: 2, closeAfterMs: 0 });
    expect(log).toEqual(['1:open:a@15000', '1:open:b@15000', '2:resolved:a@15000', '3:resolved:b@15000']);
  });

  it('neither resolves nor re-opens a finding its figures are unknown for (undetermined)', () => {
    const options = { openAfter: 2, closeAfterMs: 0 };
    let tracked = new Map<string, Tracked>();
    for (let i = 0; i < 2; i++) tracked = stepFindings(tracked, [f('a')], i, options).tracked;
    // SQS gave no counts: the rule found nothing, but that is not "clear".
    const unknown = stepFindings(tracked, [], 30_000, options, new Set(['a']));
    expect(unknown.transitions).toEqual([]);
    expect(openFindings(unknown.tracked)).toMatchObject([{ id: 'a', since: new Date(1).toISOString() }]);
    // Known again and clear: it resolves, with its first since.
    const clear = stepFindings(unknown.tracked, [], 45_000, options);
    expect(clear.transitions).toMatchObject([{ status: 'resolved', since: 1 }]);
  });

  it('keeps the newest evidence of an open finding and sorts critical first', () => {
    let tracked = new Map<string, Tracked>();
    for (let i = 0; i < 2; i++) tracked = stepFindings(tracked, [f('w', 'warning'), { ...f('c'), why: `take ${i}` }], i, OPTIONS).tracked;
    expect(openFindings(tracked).map((x) => [x.id, x.why])).toEqual([
      ['c', 'take 1'],
      ['w', ''],
    ]);
  });
});
