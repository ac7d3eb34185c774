import { describe, expect, it } from 'vitest';
import { carriedAttributes, changedAttributes, classifyDeadLetters, countClasses, findDuplicates, needsItemRead, skippedBy, type ClassifyMessage, type ItemEvidence } from './classify';

const SENT = Date.UTC(2026, 0, 1, 10, 0, 0, 500);
const key = { orderId: { S: 'o-1' } };
const image = { orderId: { S: 'o-1' }, total: { N: '12.5' }, status: { S: 'PLACED' }, tags: { SS: ['a', 'b'] } };

function evidence(over: Partial<ItemEvidence> = {}): ItemEvidence {
  return { item: 'orders orderId=o-1', key, events: [{ eventName: 'INSERT', approximateCreationTime: SENT - 500, newImage: image, sequenceNumber: '100' }], historyComplete: true, ...over };
}

function message(over: Partial<ClassifyMessage> = {}): ClassifyMessage {
  const body = over.body ?? JSON.stringify({ orderId: 'o-1', total: 12.5, kind: 'OrderPlaced' });
  return { messageId: 'm1', body, sentAt: SENT, carried: carriedAttributes(body, key), evidence: evidence(), ...over };
}

const one = (m: ClassifyMessage) => classifyDeadLetters([m])[0];

describe('carriedAttributes', () => {
  it.each([
    ['not JSON', 'orderId=o-1', undefined],
    ['no such key', '{"orderId":"o-2","total":1}', undefined],
    ['at the top', '{"orderId":"o-1","total":1}', { orderId: 'o-1', total: 1 }],
    ['nested in an envelope', '{"detail":{"order":{"orderId":"o-1","status":"PAID"}}}', { orderId: 'o-1', status: 'PAID' }],
    ['in an array', '{"orders":[{"orderId":"o-0"},{"orderId":"o-1","n":2}]}', { orderId: 'o-1', n: 2 }],
  ])('%s', (_, body, expected) => {
    expect(carriedAttributes(body, key)).toEqual(expected);
  });

  it('matches a numeric key by value', () => {
    expect(carriedAttributes('{"id":"42.0","x":1}', { id: { N: '42' } })).toEqual({ id: '42.0', x: 1 });
  });
});

describe('changedAttributes', () => {
  it.each([
    ['nothing the item has', { kind: 'x' }, []],
    ['same number in another form', { total: '12.50' }, []],
    ['same set in another order', { tags: ['b', 'a'] }, []],
    ['a changed status', { status: 'CANCELLED', total: 12.5 }, ['status']],
    ['a string where a number was', { total: 'twelve' }, ['total']],
    ['several, sorted', { total: 13, status: 'X' }, ['status', 'total']],
  ])('%s', (_, carried, expected) => {
    expect(changedAttributes(carried, image)).toEqual(expected);
  });
});

describe('needsItemRead', () => {
  it('not when a complete history ends in an image or a REMOVE', () => {
    expect(needsItemRead(evidence(), SENT)).toBe(false);
    expect(needsItemRead(evidence({ events: [{ eventName: 'REMOVE', approximateCreationTime: SENT + 5000, sequenceNumber: '2' }] }), SENT)).toBe(false);
  });
  it('not when an incomplete history already shows a newer MODIFY (stale either way)', () => {
    expect(needsItemRead(evidence({ historyComplete: false, events: [{ eventName: 'MODIFY', approximateCreationTime: SENT + 2000, sequenceNumber: '2' }] }), SENT)).toBe(false);
  });
  it('when the history is capped, empty, keys-only, or ends in a REMOVE that may have been followed', () => {
    expect(needsItemRead(evidence({ historyComplete: false }), SENT)).toBe(true);
    expect(needsItemRead(evidence({ events: [] }), SENT)).toBe(true);
    expect(needsItemRead(evidence({ events: [{ eventName: 'INSERT', approximateCreationTime: SENT - 1000, sequenceNumber: '1' }] }), SENT)).toBe(true);
    expect(needsItemRead(evidence({ historyComplete: false, events: [{ eventName: 'REMOVE', approximateCreationTime: SENT + 2000, sequenceNumber: '2' }] }), SENT)).toBe(true);
  });
});

describe('classifyDeadLetters', () => {
  it('unknown when no item is correlated, with the reason given', () => {
    expect(one(message({ evidence: undefined, uncorrelated: 'no key of orders' }))).toMatchObject({ class: 'unknown', reason: 'no key of orders' });
  });

  it('unknown when the item state cannot be read', () => {
    const v = one(message({ evidence: evidence({ historyComplete: false, currentNote: 'GetItem was denied' }) }));
    expect(v).toMatchObject({ class: 'unknown' });
    expect(v.reason).toContain('GetItem was denied');
  });

  it('current when the latest record still matches what the message carries', () => {
    expect(one(message())).toMatchObject({ class: 'current', item: 'orders orderId=o-1' });
  });

  it('current from GetItem when the stream has no record of the item', () => {
    expect(one(message({ evidence: evidence({ events: [], historyComplete: true, current: image }) })).class).toBe('current');
  });

  it('stale when a stream record is newer than SentTimestamp', () => {
    const v = one(message({ evidence: evidence({ events: [...evidence().events, { eventName: 'MODIFY', approximateCreationTime: SENT + 1_500, newImage: image, sequenceNumber: '101' }] }) }));
    expect(v.class).toBe('stale');
    expect(v.reason).toMatch(/1 stream record\(s\) since, the last a MODIFY/);
  });

  it('not stale for a record in the same second as the send (ApproximateCreationDateTime is rounded down)', () => {
    const v = one(message({ evidence: evidence({ events: [{ eventName: 'INSERT', approximateCreationTime: SENT - 500, newImage: image, sequenceNumber: '100' }] }) }));
    expect(v.class).toBe('current');
  });

  it('stale when the item now differs from the message, naming the attributes', () => {
    const v = one(message({ evidence: evidence({ events: [], current: { ...image, total: { N: '20' } } }) }));
    expect(v).toMatchObject({ class: 'stale', changed: ['total'] });
  });

  it('gone when GetItem finds nothing, or a complete history ends in a REMOVE', () => {
    expect(one(message({ evidence: evidence({ current: null }) })).class).toBe('gone');
    const removed = evidence({ events: [...evidence().events, { eventName: 'REMOVE', approximateCreationTime: SENT + 60_000, sequenceNumber: '102' }] });
    expect(one(message({ evidence: removed })).class).toBe('gone');
  });

  it('without SentTimestamp, judges by the item alone', () => {
    expect(one(message({ sentAt: undefined, evidence: evidence({ current: { ...image, status: { S: 'PAID' } } }) })).class).toBe('current');
  });

  it('duplicates: same body, same dedup id, same item and version; the earliest sent is kept', () => {
    const a = message({ messageId: 'a', sentAt: SENT + 2, body: '{"orderId":"o-1","version":3}' });
    const b = message({ messageId: 'b', sentAt: SENT + 1, body: '{"orderId":"o-1","version":3,"retry":true}' });
    const c = message({ messageId: 'c', sentAt: SENT + 3, body: '{"orderId":"o-1","version":3}' });
    const d = message({ messageId: 'd', sentAt: SENT + 4, body: 'x', dedupId: 'dd', evidence: undefined });
    const e = message({ messageId: 'e', sentAt: SENT + 5, body: 'y', dedupId: 'dd', evidence: undefined });
    const f = message({ messageId: 'f', sentAt: SENT + 6, body: '{"orderId":"o-1","version":4}' });
    const all = [a, b, c, d, e, f].map((m) => ({ ...m, carried: carriedAttributes(m.body, key) }));
    const dups = findDuplicates(all);
    expect(Object.fromEntries(dups)).toEqual({
      a: { of: 'b', by: 'same item and version' },
      c: { of: 'b', by: 'same body' },
      e: { of: 'd', by: 'same deduplication id' },
    });
    const verdicts = classifyDeadLetters(all);
    expect(countClasses(verdicts)).toEqual({ stale: 0, gone: 0, duplicate: 3, current: 2, unknown: 1 });
  });

  it('a duplicate of a gone item is counted as gone, and still marked as a duplicate', () => {
    const gone = evidence({ current: null });
    const [first, second] = classifyDeadLetters([message({ messageId: 'a', evidence: gone }), message({ messageId: 'b', sentAt: SENT + 1, evidence: gone })]);
    expect(first).toMatchObject({ class: 'gone' });
    expect(second).toMatchObject({ class: 'gone', duplicateOf: 'a' });
  });

  it('an empty DLQ counts zero in every class', () => {
    expect(countClasses(classifyDeadLetters([]))).toEqual({ stale: 0, gone: 0, duplicate: 0, current: 0, unknown: 0 });
  });
});

describe('skippedBy', () => {
  it.each([
    [{ class: 'stale' as const }, { staleAndGone: true }, true],
    [{ class: 'gone' as const }, { staleAndGone: true }, true],
    [{ class: 'gone' as const }, { duplicates: true }, false],
    [{ class: 'duplicate' as const, duplicateOf: 'x' }, { staleAndGone: true }, false],
    [{ class: 'duplicate' as const, duplicateOf: 'x' }, { duplicates: true }, true],
    [{ class: 'current' as const }, { staleAndGone: true, duplicates: true }, false],
    [{ class: 'unknown' as const }, { staleAndGone: true, duplicates: true }, false],
  ])('%o with %o → %s', (verdict, skip, expected) => {
    expect(skippedBy(verdict, skip)).toBe(expected);
  });
});
