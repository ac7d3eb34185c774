import { describe, expect, it } from 'vitest';
import type { AttributeMap, StreamEventName } from '../types/streams';
import { checkItemOrdering, gapsBetween, itemSteps, type OrderedChange } from './ordering';

let seq = 100;
function change(eventName: StreamEventName, images: { old?: AttributeMap; new?: AttributeMap } = {}, id = 'o-1', sequenceNumber?: string): OrderedChange {
  seq += 10;
  return { eventID: `e${seq}`, eventName, sequenceNumber: sequenceNumber ?? String(seq), approximateCreationTime: seq * 1000, keys: { orderId: { S: id } }, oldImage: images.old, newImage: images.new };
}
const placed: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'PLACED' } };
const paid: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'PAID' } };
const shipped: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'SHIPPED' } };
const kinds = (steps: ReturnType<typeof itemSteps>) => steps.map((s) => s.gaps.map((g) => g.kind));

describe('item ordering', () => {
  it('an empty history and a single change have no gaps', () => {
    expect(itemSteps([])).toEqual([]);
    expect(kinds(itemSteps([change('MODIFY', { old: placed, new: paid })]))).toEqual([[]]);
  });

  it('a clean INSERT → MODIFY → REMOVE → INSERT history has none', () => {
    const steps = itemSteps([change('INSERT', { new: placed }), change('MODIFY', { old: placed, new: paid }), change('REMOVE', { old: paid }), change('INSERT', { new: placed })]);
    expect(kinds(steps)).toEqual([[], [], [], []]);
  });

  it('numbers compare by value and sets regardless of order when images are matched', () => {
    const a: AttributeMap = { orderId: { S: 'o-1' }, total: { N: '1.50' }, tags: { SS: ['a', 'b'] } };
    const b: AttributeMap = { orderId: { S: 'o-1' }, total: { N: '1.5' }, tags: { SS: ['b', 'a'] } };
    expect(gapsBetween(change('INSERT', { new: a }), change('MODIFY', { old: b, new: b }))).toEqual([]);
  });

  it('flags a MODIFY whose old image is not the previous new image (a lost change), naming the attributes', () => {
    const [, second] = itemSteps([change('INSERT', { new: placed }), change('MODIFY', { old: paid, new: shipped })]);
    expect(second.gaps.map((g) => g.kind)).toEqual(['image_mismatch']);
    expect(second.gaps[0].message).toContain('(status)');
  });

  it('flags an INSERT while the item existed (a lost REMOVE)', () => {
    expect(kinds(itemSteps([change('INSERT', { new: placed }), change('INSERT', { new: placed })]))).toEqual([[], ['insert_without_remove']]);
  });

  it('flags a MODIFY after a REMOVE (a lost INSERT)', () => {
    expect(kinds(itemSteps([change('REMOVE', { old: placed }), change('MODIFY', { old: placed, new: paid })]))).toEqual([[], ['change_after_remove']]);
  });

  it('flags a REMOVE before the INSERT of the same state (reordered), but not a delete and re-create', () => {
    expect(kinds(itemSteps([change('REMOVE', { old: placed }), change('INSERT', { new: placed })]))).toEqual([[], ['remove_before_insert']]);
    expect(kinds(itemSteps([change('REMOVE', { old: paid }), change('INSERT', { new: placed })]))).toEqual([[], []]);
  });

  it('flags a sequence number lower than the one before', () => {
    const later = change('INSERT', { new: placed }, 'o-1', '900');
    const earlier = change('MODIFY', { old: placed, new: paid }, 'o-1', '800');
    expect(kinds(itemSteps([later, earlier]))).toEqual([[], ['sequence_regressed']]);
  });

  it('compares nothing without images (KEYS_ONLY): no false gaps', () => {
    expect(kinds(itemSteps([change('INSERT'), change('MODIFY'), change('MODIFY')]))).toEqual([[], [], []]);
  });

  it('groups by item and reports items of two or more changes with their gap counts', () => {
    const other: AttributeMap = { orderId: { S: 'o-2' }, status: { S: 'PLACED' } };
    const items = checkItemOrdering([change('INSERT', { new: placed }), change('INSERT', { new: other }, 'o-2'), change('MODIFY', { old: paid, new: shipped }), change('REMOVE', { old: other }, 'o-2')]);
    expect(items.map((i) => [i.keys.orderId, i.steps.length, i.gapCount])).toEqual([
      [{ S: 'o-1' }, 2, 1],
      [{ S: 'o-2' }, 2, 0],
    ]);
  });
});
