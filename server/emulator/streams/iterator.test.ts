import { describe, expect, it } from 'vitest';
import { MAX_ITERATOR_LENGTH, decodeIterator, encodeIterator, type IteratorState } from './iterator';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/2026-01-01T00:00:00.000';
const STATE: IteratorState = {
  shardId: 'shardId-00000001767225600000-1a2b3c4d',
  position: 100000000000000000042n,
  issuedAt: 1767225600123,
  chainId: '0123456789abcdef',
};

function payloadOf(json: unknown): string {
  return `${ARN}|1|${Buffer.from(JSON.stringify(json)).toString('base64')}`;
}

describe('shard iterators', () => {
  it('round-trips the stream, shard, position, issue time and chain', () => {
    expect(decodeIterator(encodeIterator(ARN, STATE))).toEqual({ streamArn: ARN, state: STATE });
  });

  it('keeps the real `<streamArn>|1|<opaque>` shape within 2048 characters', () => {
    const iterator = encodeIterator(ARN, STATE);
    expect(iterator.startsWith(`${ARN}|1|`)).toBe(true);
    expect(iterator.length).toBeLessThanOrEqual(MAX_ITERATOR_LENGTH);
  });

  it('keeps positions beyond 2^64 exact', () => {
    const big = { ...STATE, position: 9999999999999999999999999999999999999999n };
    expect(decodeIterator(encodeIterator(ARN, big))?.state.position).toBe(big.position);
  });

  const malformed: [string, string][] = [
    ['empty', ''],
    ['no separator', 'AAAAAAAAAAEvJp6D'],
    ['no stream ARN', `|1|${Buffer.from('{}').toString('base64')}`],
    ['not base64', `${ARN}|1|!!!`],
    ['base64 of non-JSON', `${ARN}|1|${Buffer.from('hello').toString('base64')}`],
    ['missing fields', payloadOf({ s: STATE.shardId })],
    ['bad shard id', payloadOf({ s: 'shard-1', p: '1', t: 1, c: STATE.chainId })],
    ['non-numeric position', payloadOf({ s: STATE.shardId, p: '12a', t: 1, c: STATE.chainId })],
    ['issue time as string', payloadOf({ s: STATE.shardId, p: '1', t: '1', c: STATE.chainId })],
    ['bad chain id', payloadOf({ s: STATE.shardId, p: '1', t: 1, c: 'xyz' })],
    ['JSON null', payloadOf(null)],
  ];
  it.each(malformed)('rejects an iterator with %s', (_case, iterator) => {
    expect(decodeIterator(iterator)).toBeUndefined();
  });
});
