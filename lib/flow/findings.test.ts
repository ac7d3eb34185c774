import { describe, expect, it } from 'vitest';
import { findConfigurationIssues, isProblemResult } from './findings';
import { demoConfiguration, mapping, ORDERS_STREAM, queue, queueArn } from './fixtures/demo-config';

const rules = (config: ReturnType<typeof demoConfiguration>) => findConfigurationIssues(config).map((f) => `${f.rule} ${f.resource.name}`);

describe('findConfigurationIssues', () => {
  it('finds nothing wrong with the demo as designed', () => {
    expect(rules(demoConfiguration())).toEqual([]);
  });

  it('flags a stream mapping with infinite retries and no on-failure destination, critical first', () => {
    const config = demoConfiguration();
    config.mappings.push(mapping('m-bad', 'auditor', ORDERS_STREAM, { sourceKind: 'stream', maximumRetryAttempts: -1 }));
    config.mappings.push(mapping('m-off', 'notifier', queueArn('fulfillment'), { state: 'Disabled' }));
    const findings = findConfigurationIssues(config);
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['critical stream-infinite-retries', 'warning mapping-disabled']);
    expect(findings[0].why).toContain('up to 24 h');
    expect(findings[0].fix).toContain('on-failure destination');
    expect(findings[0].resource.href).toBe('/functions/auditor');
  });

  it.each([
    ['retries left at the default (undefined)', { maximumRetryAttempts: undefined }, ['stream-infinite-retries the orders stream → auditor']],
    ['bounded retries', { maximumRetryAttempts: 3 }, []],
    ['infinite retries with a destination', { maximumRetryAttempts: -1, onFailureArn: queueArn('order-projector-failures') }, []],
  ])('stream mapping with %s', (_label, extra, expected) => {
    const config = demoConfiguration();
    config.mappings.push(mapping('m-x', 'auditor', ORDERS_STREAM, { sourceKind: 'stream', ...extra }));
    expect(rules(config)).toEqual(expected);
  });

  it('uses the record-age bound in the explanation when one is set', () => {
    const config = demoConfiguration();
    config.mappings.push(mapping('m-x', 'auditor', ORDERS_STREAM, { sourceKind: 'stream', maximumRetryAttempts: -1, maximumRecordAgeSeconds: 3600 }));
    expect(findConfigurationIssues(config)[0].why).toContain('up to 1 h');
  });

  it('flags a Lambda-consumed queue without a DLQ, but not an unconsumed one', () => {
    const config = demoConfiguration();
    config.queues.push(queue('jobs'), queue('idle'));
    config.mappings.push(mapping('m-jobs', 'notifier', queueArn('jobs')));
    expect(rules(config)).toEqual(['queue-without-dlq jobs']);
  });

  it('flags maxReceiveCount 1', () => {
    const config = demoConfiguration();
    config.queues.find((q) => q.name === 'fulfillment')!.redrivePolicy!.maxReceiveCount = 1;
    expect(rules(config)).toEqual(['max-receive-count-one fulfillment']);
  });

  it.each([
    ['shorter', 60, true],
    ['equal', 345_600, true],
    ['longer', 345_601, false],
  ])('flags a DLQ whose retention is %s than its source', (_label, retention, flagged) => {
    const config = demoConfiguration();
    config.queues.find((q) => q.name === 'notifications-dlq')!.retentionSeconds = retention;
    expect(rules(config)).toEqual(flagged ? ['dlq-retention notifications-dlq'] : []);
  });

  it('flags a mapping whose last processing result is a problem, and a disabled one once', () => {
    const config = demoConfiguration();
    config.mappings[1].lastProcessingResult = 'PROBLEM: Function call failed';
    config.mappings[2].state = 'Disabled';
    config.mappings[2].lastProcessingResult = 'PROBLEM: Function call failed';
    expect(rules(config)).toEqual(['mapping-problem fulfillment → fulfillment-worker', 'mapping-disabled notifications → notifier']);
  });

  it.each([
    [undefined, false],
    ['OK', false],
    ['No records processed', false],
    ['PROBLEM: Function call failed', true],
    ['  problem: throttled', true],
  ])('isProblemResult(%j) is %s', (value, expected) => {
    expect(isProblemResult(value)).toBe(expected);
  });
});
