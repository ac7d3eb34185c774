import { describe, expect, it } from 'vitest';
import { diffImages, summarizeChange } from './diff';

describe('diffImages', () => {
  it('finds nothing between two empty or missing images', () => {
    expect(diffImages(undefined, undefined)).toEqual([]);
    expect(diffImages({}, {})).toEqual([]);
  });

  it('reports added, removed and changed attributes', () => {
    const entries = diffImages({ a: { S: 'x' }, b: { N: '1' }, c: { BOOL: true } }, { a: { S: 'x' }, b: { N: '2' }, d: { NULL: true } });
    expect(entries).toEqual([
      { path: 'b', kind: 'changed', oldValue: { N: '1' }, newValue: { N: '2' } },
      { path: 'c', kind: 'removed', oldValue: { BOOL: true } },
      { path: 'd', kind: 'added', newValue: { NULL: true } },
    ]);
  });

  it('descends into maps but compares lists and sets whole', () => {
    const entries = diffImages(
      { addr: { M: { city: { S: 'Paris' }, zip: { S: '75001' } } }, tags: { SS: ['a', 'b'] }, lines: { L: [{ N: '1' }] } },
      { addr: { M: { city: { S: 'Lyon' }, zip: { S: '75001' } } }, tags: { SS: ['b', 'a'] }, lines: { L: [{ N: '2' }] } },
    );
    expect(entries.map((e) => [e.path, e.kind])).toEqual([
      ['addr.city', 'changed'],
      ['lines', 'changed'],
    ]);
  });

  it('treats a type change as a change', () => {
    expect(diffImages({ a: { N: '1' } }, { a: { S: '1' } })[0].kind).toBe('changed');
    expect(diffImages({ a: { M: {} } }, { a: { L: [] } })[0].kind).toBe('changed');
  });

  it('treats equal numbers written differently as unchanged', () => {
    expect(diffImages({ a: { N: '1.0' } }, { a: { N: '1' } })).toEqual([]);
    expect(diffImages({ a: { N: '1.0' } }, { a: { N: '1' } }, true)[0].kind).toBe('unchanged');
  });

  it('reports every attribute as added on INSERT and removed on REMOVE', () => {
    expect(diffImages(undefined, { a: { S: 'x' } })[0].kind).toBe('added');
    expect(diffImages({ a: { S: 'x' } }, undefined)[0].kind).toBe('removed');
  });
});

describe('summarizeChange', () => {
  it.each([
    [{ eventName: 'INSERT', newImage: { a: { S: 'x' }, b: { S: 'y' } } }, '2 attributes'],
    [{ eventName: 'INSERT' }, 'new item'],
    [{ eventName: 'REMOVE' }, 'item removed'],
    [{ eventName: 'MODIFY' }, 'changed (images not in this stream)'],
    [{ eventName: 'MODIFY', oldImage: { s: { S: 'A' } }, newImage: { s: { S: 'B' }, n: { N: '1' } } }, '+n, s'],
    [
      { eventName: 'MODIFY', oldImage: {}, newImage: { a: { N: '1' }, b: { N: '1' }, c: { N: '1' }, d: { N: '1' } } },
      '+a, +b, +c (+1 more)',
    ],
  ])('%j', (event, text) => expect(summarizeChange(event as never)).toBe(text));
});
