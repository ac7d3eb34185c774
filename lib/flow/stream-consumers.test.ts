import { describe, expect, it } from 'vitest';
import type { MappingSummary } from '@/lib/types/flow';
import { knownStreamConsumers } from './stream-consumers';

const stream = (table: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`;
const mapping = (uuid: string, sourceArn: string, extra: Partial<MappingSummary> = {}): MappingSummary => ({
  uuid,
  functionName: `fn-${uuid}`,
  functionArn: `arn:aws:lambda:us-east-1:000000000000:function:fn-${uuid}`,
  sourceArn,
  sourceKind: sourceArn.includes(':sqs:') ? 'queue' : 'stream',
  state: 'Enabled',
  ...extra,
});

describe('knownStreamConsumers', () => {
  it('counts each stream mapping (disabled ones too) and each declared consumer reading the table', () => {
    const counts = knownStreamConsumers(
      [
        mapping('a', stream('orders')),
        mapping('b', stream('orders'), { state: 'Disabled' }),
        mapping('c', stream('payments')),
        mapping('d', 'arn:aws:sqs:us-east-1:000000000000:fulfillment'),
        mapping('e', stream('payments'), { state: 'Deleting' }),
      ],
      { consumers: [{ name: 'replicator', reads: ['table:payments', 'queue:fulfillment'], writes: [] }] },
    );
    expect(counts).toEqual(
      new Map([
        ['orders', 2],
        ['payments', 2],
      ]),
    );
  });

  it('counts one declared consumer once however often it names the table', () => {
    const counts = knownStreamConsumers([], { consumers: [{ name: 'w', reads: ['table:orders', 'table:orders'], writes: [] }] });
    expect(counts.get('orders')).toBe(1);
  });
});
