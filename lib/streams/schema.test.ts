import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '../types/streams';
import { bodyShapeDifferences, imageShapeDifferences, ShapeLearner, VERSION_COUNTER_VALUES, WARMUP_IMAGES } from './schema';

const order = (i: number, extra: AttributeMap = {}): AttributeMap => ({ orderId: { S: `o-${i}` }, total: { N: String(10 + i) }, status: { S: 'PLACED' }, ...extra });

function learn(images: AttributeMap[], start = 1_000): ShapeLearner {
  const learner = new ShapeLearner('orders');
  images.forEach((image, i) => learner.observe(image, start + i * 1000));
  return learner;
}

describe('ShapeLearner', () => {
  it('learns nothing from nothing: no attributes, no drift', () => {
    const s = new ShapeLearner('orders').snapshot();
    expect(s).toMatchObject({ images: 0, attributes: [], drift: [], firstSeen: undefined });
  });

  it('counts each attribute, its types and when it was first and last seen', () => {
    const s = learn([order(1), order(2, { paidAt: { S: 'x' } }), order(3)]).snapshot();
    expect(s.images).toBe(3);
    expect(s.firstSeen).toBe(1000);
    expect(s.lastSeen).toBe(3000);
    const paidAt = s.attributes.find((a) => a.name === 'paidAt');
    expect(paidAt).toMatchObject({ count: 1, firstSeen: 2000, lastSeen: 2000, types: [{ type: 'S', count: 1 }] });
    expect(s.attributes.find((a) => a.name === 'total')?.share).toBe(1);
  });

  it('mixed types seen from the start are the shape, not drift', () => {
    const images = Array.from({ length: 10 }, (_, i) => order(i, { note: i % 2 ? { S: 'a' } : { NULL: true } }));
    expect(learn(images).drift()).toEqual([]);
  });

  it('flags an established attribute that changes type (total as a string)', () => {
    const images = [...Array.from({ length: WARMUP_IMAGES + 1 }, (_, i) => order(i)), order(99, { total: { S: '12.50' } }), order(100, { total: { S: '3' } })];
    const learner = learn(images);
    const drift = learner.drift();
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ kind: 'type_changed', attribute: 'total', count: 2, since: 1000 + (WARMUP_IMAGES + 1) * 1000 });
    expect(drift[0].message).toContain('as S');
    expect(drift[0].message).toContain('had N');
  });

  it('does not flag a type change before the attribute was established', () => {
    const images = [order(1), order(2, { total: { S: '1' } }), ...Array.from({ length: 8 }, (_, i) => order(i))];
    expect(learn(images).drift()).toEqual([]);
  });

  it('flags a previously always-present attribute that disappears, not a sometimes-present one', () => {
    const images = Array.from({ length: 8 }, (_, i) => order(i, i % 2 ? { paidAt: { S: 'x' } } : {}));
    const { status: _gone, ...withoutStatus } = order(50);
    const drift = learn([...images, withoutStatus]).drift();
    expect(drift).toEqual([expect.objectContaining({ kind: 'attribute_missing', attribute: 'status', count: 1 })]);
  });

  it('flags a new schema version value, but not the values present from the start', () => {
    const v1 = Array.from({ length: 8 }, (_, i) => order(i, { schemaVersion: { N: '1' } }));
    const learner = learn([...v1, order(9, { schemaVersion: { N: '2' } })]);
    expect(learner.drift()).toEqual([expect.objectContaining({ kind: 'new_version', attribute: 'schemaVersion', count: 1 })]);
    expect(learner.snapshot().version).toMatchObject({ attribute: 'schemaVersion', counter: false });
  });

  it('takes a version attribute with many values for a counter, whose new values are not drift', () => {
    const images = Array.from({ length: VERSION_COUNTER_VALUES + 10 }, (_, i) => order(i, { version: { N: String(i) } }));
    const learner = learn(images);
    expect(learner.drift()).toEqual([]);
    expect(learner.snapshot().version?.counter).toBe(true);
  });

  it('observe() says what one image did not fit before learning it', () => {
    const learner = learn(Array.from({ length: 6 }, (_, i) => order(i)));
    expect(learner.check(order(7))).toEqual([]);
    expect(learner.observe(order(8, { total: { S: '1' } }), 9_000)).toEqual([{ attribute: 'total', message: 'total is S where recent images had N' }]);
  });

  it('check() stays quiet while warming up', () => {
    const learner = learn([order(1)]);
    expect(learner.check(order(2, { total: { S: '1' } }))).toEqual([]);
  });
});

describe('bodyShapeDifferences', () => {
  const schema = learn(Array.from({ length: 6 }, (_, i) => order(i))).snapshot();
  it('marks a body field whose JSON type the table never carried', () => {
    expect(bodyShapeDifferences({ orderId: 'o-1', total: '12.5' }, schema)).toEqual(['total is S, recent traffic has N']);
  });
  it('passes a body of the usual shape, and ignores fields the table does not have', () => {
    expect(bodyShapeDifferences({ orderId: 'o-1', total: 12.5, extra: true }, schema)).toEqual([]);
  });
  it('still marks it once the drifted type is common: a drifted type is not the usual one', () => {
    const drifted = learn([...Array.from({ length: 6 }, (_, i) => order(i)), ...Array.from({ length: 6 }, (_, i) => order(i, { total: { S: '1' } }))]).snapshot();
    expect(drifted.attributes.find((a) => a.name === 'total')?.types).toEqual([expect.objectContaining({ type: 'N', drifted: false }), expect.objectContaining({ type: 'S', drifted: true })]);
    expect(bodyShapeDifferences({ total: '1' }, drifted)).toEqual(['total is S, recent traffic has N']);
  });
  it('says nothing before the shape is learned', () => {
    expect(bodyShapeDifferences({ total: 'x' }, { images: 1, attributes: schema.attributes })).toEqual([]);
  });
});

describe('imageShapeDifferences', () => {
  const schema = learn([...Array.from({ length: 6 }, (_, i) => order(i)), order(50, { total: { S: '1' } })]).snapshot();
  it('names each attribute of a type the established images never had', () => {
    expect(imageShapeDifferences(order(60, { total: { S: '3.00' } }), schema)).toEqual(['total is S, recent traffic has N']);
  });
  it('passes an image of the usual shape and attributes the table never showed', () => {
    expect(imageShapeDifferences(order(61, { brandNew: { BOOL: true } }), schema)).toEqual([]);
  });
});
