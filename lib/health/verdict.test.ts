import { describe, expect, it } from 'vitest';
import { demoConfiguration } from '@/lib/flow/fixtures/demo-config';
import type { Finding } from '@/lib/types/flow';
import { mappingVerdict, verdictOf } from './verdict';

const f = (rule: Finding['rule'], severity: Finding['severity'], node: string, extra: Partial<Finding> = {}): Finding => ({
  id: `${rule}:${node}`,
  rule,
  severity,
  title: `${rule} on ${node}`,
  why: '',
  fix: '',
  resource: { kind: 'queue', name: node, href: '/' },
  node,
  ...extra,
});

describe('verdictOf', () => {
  it('colours critical findings failing and warnings lagging, the worst winning, with the finding’s title as the reason', () => {
    const v = verdictOf([f('backlog-growing', 'warning', 'queue:a'), f('consumer-stalled', 'critical', 'queue:a'), f('oldest-message-age', 'warning', 'queue:b')]);
    expect(v.node('queue:a')).toEqual({ health: 'failing', reason: 'consumer-stalled on queue:a' });
    expect(v.node('queue:b').health).toBe('lagging');
    expect(v.node('queue:c')).toEqual({ health: 'ok', reason: '' });
  });

  it('lists configuration risks without colouring anything', () => {
    const v = verdictOf([f('stream-infinite-retries', 'critical', 'function:x', { mappingUuid: 'u' }), f('queue-without-dlq', 'warning', 'queue:a')]);
    expect(v.node('function:x').health).toBe('ok');
    expect(v.mapping('u').health).toBe('ok');
    expect(v.node('queue:a').health).toBe('ok');
  });

  it('colours topics and tables from their findings like any node (a missing subscription DLQ is a risk)', () => {
    const v = verdictOf([
      f('deliveries-failing', 'critical', 'topic:t'),
      f('subscription-without-dlq', 'warning', 'topic:u'),
      f('filter-passes-nothing', 'warning', 'topic:u'),
      f('schema-drift', 'critical', 'table:orders'),
    ]);
    expect(v.node('topic:t')).toEqual({ health: 'failing', reason: 'deliveries-failing on topic:t' });
    expect(v.node('topic:u')).toEqual({ health: 'lagging', reason: 'filter-passes-nothing on topic:u' });
    expect(v.node('table:orders').health).toBe('failing');
    expect(verdictOf([f('subscription-without-dlq', 'warning', 'topic:u')]).node('topic:u').health).toBe('ok');
  });

  it('fails a mapping whose DLQ is receiving, but not for a warning on that DLQ', () => {
    const config = demoConfiguration();
    const worker = config.mappings.find((m) => m.functionName === 'fulfillment-worker')!;
    const byArn = new Map(config.queues.map((q) => [q.arn, q]));
    expect(mappingVerdict(verdictOf([f('dlq-receiving', 'critical', 'queue:fulfillment-dlq')]), worker, byArn).health).toBe('failing');
    expect(mappingVerdict(verdictOf([f('oldest-message-age', 'warning', 'queue:fulfillment-dlq')]), worker, byArn).health).toBe('ok');
    expect(mappingVerdict(verdictOf([f('backlog-growing', 'warning', 'queue:fulfillment')]), worker, byArn).health).toBe('lagging');
  });
});
