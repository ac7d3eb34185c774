import { describe, expect, it } from 'vitest';
import { canonicalNumber, compareNumberText, sameNumber } from './decimal';

describe('decimal', () => {
  it('gives one canonical text to every spelling of a number', () => {
    for (const text of ['150', '+1.50e2', '0150.000', '1500e-1', ' 15E1 ']) expect(canonicalNumber(text)).toBe('150');
    expect(canonicalNumber('-0.00120')).toBe('-0.0012');
    expect(canonicalNumber('-0')).toBe('0');
    expect(canonicalNumber('1e+21')).toBe('1000000000000000000000');
    expect(canonicalNumber('abc')).toBeUndefined();
    expect(canonicalNumber('NaN')).toBeUndefined();
  });

  it('compares numbers exactly beyond a double and says when a text is no number', () => {
    expect(compareNumberText('100000000000000000001', '1e20')).toBe(1);
    expect(compareNumberText('-2', '-10')).toBe(1);
    expect(compareNumberText('0.1', '1e-1')).toBe(0);
    expect(compareNumberText('99999999999999999999999999999999999999', '1e38')).toBe(-1);
    expect(compareNumberText('1', 'one')).toBeUndefined();
    expect(sameNumber('1.0', '1')).toBe(true);
    expect(sameNumber('x', 'x')).toBe(true);
  });
});
