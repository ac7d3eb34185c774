import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../types/streams';
import { matchesFilter, parseFilter, parsePredicate, type EventFilter } from './filter';

function event(partial: Partial<StreamEvent>): StreamEvent {
  return {
    cursor: 1,
    eventID: 'e1',
    eventName: 'MODIFY',
    shardId: 'shardId-00000000000000000001-00000000',
    sequenceNumber: '100000000000000000001',
    approximateCreationTime: 0,
    sizeBytes: 10,
    viewType: 'NEW_AND_OLD_IMAGES',
    keys: { orderId: { S: 'o-123' } },
    ttlDelete: false,
    ...partial,
  };
}

function filter(params: Record<string, string>): EventFilter {
  const parsed = parseFilter(params);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('parsePredicate', () => {
  it.each([
    ['status = "FAILED"', { image: 'any', path: ['status'], op: '=', value: 'FAILED' }],
    ["status='FAILED'", { image: 'any', path: ['status'], op: '=', value: 'FAILED' }],
    ['amount > 100', { image: 'any', path: ['amount'], op: '>', value: 100, numberText: '100' }],
    ['new.amount >= 1.5e2', { image: 'new', path: ['amount'], op: '>=', value: 150, numberText: '1.5e2' }],
    ['old.address.city != Paris', { image: 'old', path: ['address', 'city'], op: '!=', value: 'Paris' }],
    ['lines[0].qty <= 3', { image: 'any', path: ['lines', 0, 'qty'], op: '<=', value: 3, numberText: '3' }],
    ['paid = true', { image: 'any', path: ['paid'], op: '=', value: true }],
    ['note = null', { image: 'any', path: ['note'], op: '=', value: null }],
    ['note exists', { image: 'any', path: ['note'], op: 'exists' }],
    ['tags contains red', { image: 'any', path: ['tags'], op: 'contains', value: 'red' }],
  ])('%s', (text, expected) => {
    expect(parsePredicate(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['', 'status', '= 3', 'amount >', 'a exists 3', 'paid > true'])('refuses %j with a message', (text) => {
    const parsed = parsePredicate(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).not.toBe('');
  });

  it.each([
    ['', 0, 'an attribute name is missing'],
    ['status', 6, 'an operator is missing after “status”'],
    ['= 3', 0, 'an attribute name was expected here'],
    ['  9lives = 3', 2, 'an attribute name was expected here'],
    ['status ~ "x"', 7, 'an operator'],
    ['amount >', 8, 'a value is missing after “>”'],
    ['amount >   ', 8, 'a value is missing after “>”'],
    ['a exists 3', 9, '“exists” takes no value'],
    ['paid > true', 7, '“>” compares numbers or strings'],
  ])('says where %j goes wrong: index %i', (text, at, what) => {
    const parsed = parsePredicate(text);
    expect(parsed).toMatchObject({ ok: false, field: 'where', at });
    expect(parsed.ok ? '' : parsed.message).toContain(`Column ${at + 1} of the condition: ${what}`);
  });
});

describe('parseFilter', () => {
  it('accepts empty parameters', () => {
    expect(parseFilter({})).toEqual({ ok: true, value: {} });
    expect(parseFilter({ type: '', key: ' ', where: '', q: '' })).toEqual({ ok: true, value: {} });
  });
  it('refuses an unknown event type', () => {
    expect(parseFilter({ type: 'INSERT,UPSERT' })).toEqual({ ok: false, field: 'type', message: expect.stringContaining('UPSERT') });
  });
  it('reads a trailing * as a key prefix', () => {
    expect(parseFilter({ key: 'o-1*' })).toEqual({ ok: true, value: { key: { value: 'o-1', prefix: true } } });
  });
});

describe('matchesFilter', () => {
  const modify = event({ oldImage: { orderId: { S: 'o-123' }, status: { S: 'NEW' }, amount: { N: '90' } }, newImage: { orderId: { S: 'o-123' }, status: { S: 'FAILED' }, amount: { N: '120' } } });
  it.each<[string, Record<string, string>, StreamEvent, boolean]>([
    ['no filter', {}, modify, true],
    ['event name', { type: 'INSERT,REMOVE' }, modify, false],
    ['event name, lower case', { type: 'modify' }, modify, true],
    ['key equals', { key: 'o-123' }, modify, true],
    ['key equals is exact', { key: 'o-12' }, modify, false],
    ['key prefix', { key: 'o-12*' }, modify, true],
    ['numeric key', { key: '42' }, event({ keys: { id: { N: '42' } } }), true],
    ['new image string', { where: 'new.status = "FAILED"' }, modify, true],
    ['old image string', { where: 'old.status = "FAILED"' }, modify, false],
    ['either image', { where: 'status = "NEW"' }, modify, true],
    ['number greater', { where: 'new.amount > 100' }, modify, true],
    ['number greater on old', { where: 'old.amount > 100' }, modify, false],
    ['!= holds on both images', { where: 'status != "NEW"' }, modify, false],
    ['missing attribute is !=', { where: 'nope != 1' }, modify, true],
    ['missing attribute is not =', { where: 'nope = 1' }, modify, false],
    ['exists', { where: 'amount exists' }, modify, true],
    ['big numbers compare exactly', { where: 'n > 100000000000000000000' }, event({ newImage: { n: { N: '100000000000000000001' } } }), true],
    ['big numbers equal exactly', { where: 'n = 100000000000000000000' }, event({ newImage: { n: { N: '100000000000000000001' } } }), false],
    ['KEYS_ONLY filters on keys', { where: 'orderId = "o-123"' }, event({ viewType: 'KEYS_ONLY' }), true],
    ['KEYS_ONLY has no other attributes', { where: 'status exists' }, event({ viewType: 'KEYS_ONLY' }), false],
    ['nested path', { where: 'a.b[1] = 2' }, event({ newImage: { a: { M: { b: { L: [{ N: '1' }, { N: '2' }] } } } } }), true],
    ['set contains', { where: 'tags contains red' }, event({ newImage: { tags: { SS: ['red', 'blue'] } } }), true],
    ['BOOL', { where: 'paid = false' }, event({ newImage: { paid: { BOOL: false } } }), true],
    ['NULL', { where: 'note = null' }, event({ newImage: { note: { NULL: true } } }), true],
    ['text in an image, any case', { q: 'failed' }, modify, true],
    ['text absent', { q: 'shipped' }, modify, false],
    ['text in a key', { q: 'O-123' }, event({}), true],
    ['all parts together', { type: 'MODIFY', key: 'o-1*', where: 'amount > 100', q: 'failed' }, modify, true],
  ])('%s', (_name, params, ev, expected) => {
    expect(matchesFilter(ev, filter(params))).toBe(expected);
  });
});
