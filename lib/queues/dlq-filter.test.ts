import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '../types/queues';
import { diffBodies, dlqViewSchema, formatBodyDiff, matchesDlqFilter, parseBodyPredicate, parseDlqFilter, sortMessages, toJsonLines, type DlqFilter } from './dlq-filter';

function message(partial: Partial<QueueMessage> & { messageId: string }): QueueMessage {
  return { body: '{}', bodyBytes: 2, attributes: [], systemAttributes: {}, ...partial };
}

const vase = message({
  messageId: 'm-1',
  body: JSON.stringify({ orderId: 'ord-1', items: [{ sku: 'GLASS-VASE', unitPrice: 29.9 }, { sku: 'MUG', unitPrice: 9.9 }], total: 39.8 }),
  attributes: [{ name: 'eventType', dataType: 'String', value: 'OrderPlaced', binary: false }],
  sentAt: 2000,
  receiveCount: 3,
  sourceQueue: 'fulfillment',
  bodyBytes: 120,
});
const mug = message({ messageId: 'm-2', body: JSON.stringify({ orderId: 'ord-2', items: [{ sku: 'MUG', unitPrice: 9.9 }], total: 9.9 }), sentAt: 1000, receiveCount: 4, bodyBytes: 60 });
const text = message({ messageId: 'm-3', body: 'plain text about a Glass vase', bodyBytes: 29 });

function filter(params: Record<string, string>): DlqFilter {
  const parsed = parseDlqFilter(params);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('dlqViewSchema', () => {
  it('defaults and falls back on bad values', () => {
    expect(dlqViewSchema.parse({})).toEqual({ sort: 'sent', dir: 'asc' });
    expect(dlqViewSchema.parse({ sort: 'nope', dir: 'up', q: 'x' })).toEqual({ sort: 'sent', dir: 'asc', q: 'x' });
    expect(dlqViewSchema.parse({ sort: 'receives', dir: 'desc' })).toMatchObject({ sort: 'receives', dir: 'desc' });
  });
});

describe('parseBodyPredicate', () => {
  it('reads [] as any element', () => {
    expect(parseBodyPredicate('items[].sku = "X"')).toEqual({ ok: true, value: { image: 'any', path: ['items', '#each#', 'sku'], op: '=', value: 'X' } });
  });
  it.each(['items[]. = 3', 'new.total > 3', '', 'total >'])('refuses %j with a message', (t) => {
    const parsed = parseBodyPredicate(t);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).not.toMatch(/#each#/);
  });
});

describe('parseDlqFilter', () => {
  it('accepts empty parameters', () => expect(parseDlqFilter({})).toEqual({ ok: true, value: {} }));
  it('refuses a bad attribute name', () => expect(parseDlqFilter({ attr: 'bad name=1' }).ok).toBe(false));
  it('reads attributes', () => {
    expect(filter({ attr: 'eventType' })).toEqual({ attribute: { name: 'eventType', prefix: false } });
    expect(filter({ attr: 'eventType=Order*' })).toEqual({ attribute: { name: 'eventType', value: 'Order', prefix: true } });
  });
});

describe('matchesDlqFilter', () => {
  it.each<[string, Record<string, string>, QueueMessage, boolean]>([
    ['no filter', {}, text, true],
    ['text, any case', { q: 'glass' }, vase, true],
    ['text in a plain body', { q: 'GLASS VASE' }, text, true],
    ['text misses', { q: 'crystal' }, vase, false],
    ['text matches an attribute', { q: 'orderplaced' }, vase, true],
    ['any element equals', { where: 'items[].sku = "GLASS-VASE"' }, vase, true],
    ['any element equals, not there', { where: 'items[].sku = "GLASS-VASE"' }, mug, false],
    ['index', { where: 'items[1].sku = MUG' }, vase, true],
    ['number compare', { where: 'total > 20' }, vase, true],
    ['number compare false', { where: 'total > 20' }, mug, false],
    ['numbers in arrays', { where: 'items[].unitPrice = 29.9' }, vase, true],
    ['!= means no element equals', { where: 'items[].sku != MUG' }, vase, false],
    ['!= holds when none equals', { where: 'items[].sku != "GLASS-VASE"' }, mug, true],
    ['exists', { where: 'orderId exists' }, mug, true],
    ['exists, missing', { where: 'customer exists' }, mug, false],
    ['predicate on a text body', { where: 'orderId exists' }, text, false],
    ['attribute present', { attr: 'eventType' }, vase, true],
    ['attribute missing', { attr: 'eventType' }, mug, false],
    ['attribute equals', { attr: 'eventType=OrderPlaced' }, vase, true],
    ['attribute differs', { attr: 'eventType=Other' }, vase, false],
    ['all parts must hold', { q: 'ord-1', where: 'total < 10' }, vase, false],
  ])('%s', (_name, params, m, expected) => {
    expect(matchesDlqFilter(m, filter(params))).toBe(expected);
  });
});

describe('sortMessages', () => {
  it('sorts by a column both ways, unknown last', () => {
    expect(sortMessages([vase, mug, text], 'sent', 'asc').map((m) => m.messageId)).toEqual(['m-2', 'm-1', 'm-3']);
    expect(sortMessages([vase, mug, text], 'sent', 'desc').map((m) => m.messageId)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(sortMessages([vase, mug, text], 'receives', 'desc').map((m) => m.messageId)).toEqual(['m-2', 'm-1', 'm-3']);
    expect(sortMessages([vase, mug, text], 'size', 'asc').map((m) => m.messageId)).toEqual(['m-3', 'm-2', 'm-1']);
    expect(sortMessages([mug, vase], 'id', 'asc').map((m) => m.messageId)).toEqual(['m-1', 'm-2']);
  });
});

describe('toJsonLines', () => {
  it('writes one object a line with the body as SQS holds it', () => {
    const lines = toJsonLines([vase, { ...mug, bodyTruncated: true }], 'fulfillment-dlq').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ queue: 'fulfillment-dlq', messageId: 'm-1', body: vase.body, messageAttributes: { eventType: { dataType: 'String', value: 'OrderPlaced' } }, receiveCount: 3, sourceQueue: 'fulfillment' });
    expect(JSON.parse(lines[1])).toMatchObject({ messageId: 'm-2', bodyTruncated: true });
    expect(toJsonLines([], 'q')).toBe('');
  });
});

describe('diffBodies', () => {
  it('lists JSON leaf changes', () => {
    const before = '{"orderId":"o-1","items":[{"sku":"GLASS-VASE"}],"note":"x"}';
    const after = '{"orderId":"o-1","items":[{"sku":"MUG"}],"extra":true}';
    expect(diffBodies(before, after)).toEqual([
      { path: 'items[0].sku', before: '"GLASS-VASE"', after: '"MUG"' },
      { path: 'note', before: '"x"', after: undefined },
      { path: 'extra', after: 'true' },
    ]);
    expect(formatBodyDiff(diffBodies(before, after))).toBe('items[0].sku: "GLASS-VASE" → "MUG"\n- note: "x"\n+ extra: true');
  });
  it('reformatting JSON is no change', () => expect(diffBodies('{"a":1}', '{\n  "a": 1\n}')).toEqual([]));
  it('diffs text by lines', () => {
    expect(diffBodies('a\nb', 'a\nc')).toEqual([
      { path: 'line', before: 'b' },
      { path: 'line', after: 'c' },
    ]);
    expect(formatBodyDiff([])).toBe('body unchanged');
  });
});

describe('a panel value as a filter', () => {
  it('matches the messages that carry it', () => {
    const tagged = message({ messageId: 't', body: '{"tags":["red","blue"]}' });
    expect(matchesDlqFilter(tagged, filter({ where: 'tags[] = "red"' }))).toBe(true);
    expect(matchesDlqFilter(tagged, filter({ where: 'tags[] = "green"' }))).toBe(false);
  });
});
