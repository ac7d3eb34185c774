import { describe, expect, it } from 'vitest';
import { parseList, resolveRole } from './roles';

const rules = { operators: ['ops@example.com', 'eddy-operators'], viewers: [], groupsClaim: 'groups' };

describe('resolveRole', () => {
  it('makes an operator by email, in any case', () => {
    expect(resolveRole({ email: 'OPS@example.com' }, rules)).toEqual({ ok: true, email: 'OPS@example.com', role: 'operator' });
  });

  it('makes an operator by a value of the groups claim (array or string), and by a custom claim', () => {
    expect(resolveRole({ email: 'ann@example.com', groups: ['devs', 'eddy-operators'] }, rules)).toMatchObject({ ok: true, role: 'operator' });
    expect(resolveRole({ email: 'ann@example.com', groups: 'devs eddy-operators' }, rules)).toMatchObject({ ok: true, role: 'operator' });
    expect(resolveRole({ email: 'ann@example.com', roles: ['eddy-operators'] }, { ...rules, groupsClaim: 'roles' })).toMatchObject({ ok: true, role: 'operator' });
    // A group's name is matched exactly, not in any case.
    expect(resolveRole({ email: 'ann@example.com', groups: ['Eddy-Operators'] }, rules)).toMatchObject({ ok: true, role: 'viewer' });
  });

  it('makes everyone else a viewer, unless EDDY_VIEWERS restricts who may sign in', () => {
    expect(resolveRole({ email: 'ann@example.com', name: 'Ann' }, rules)).toEqual({ ok: true, email: 'ann@example.com', name: 'Ann', role: 'viewer' });
    const restricted = { ...rules, viewers: ['team-a'] };
    expect(resolveRole({ email: 'ann@example.com', groups: ['team-a'] }, restricted)).toMatchObject({ ok: true, role: 'viewer' });
    expect(resolveRole({ email: 'bob@example.com', groups: ['team-b'] }, restricted)).toEqual({ ok: false, reason: expect.stringMatching(/bob@example\.com may not sign in/) });
    // Operators need not be listed as viewers too.
    expect(resolveRole({ email: 'ops@example.com' }, restricted)).toMatchObject({ ok: true, role: 'operator' });
  });

  it('refuses a missing or unverified email', () => {
    expect(resolveRole({ sub: '1' }, rules)).toEqual({ ok: false, reason: expect.stringMatching(/no email/) });
    expect(resolveRole({ email: 'ops@example.com', email_verified: false }, rules)).toEqual({ ok: false, reason: expect.stringMatching(/not verified/) });
  });
});

describe('parseList', () => {
  it('splits on commas and drops blanks', () => {
    expect(parseList(' a@x.com, ops ,,b@y.com ')).toEqual(['a@x.com', 'ops', 'b@y.com']);
    expect(parseList(undefined)).toEqual([]);
  });
});

describe('roleInEnvironment', () => {
  it('keeps an operator an operator, and makes a viewer listed in the environment its operator (any case)', async () => {
    const { roleInEnvironment } = await import('./roles');
    expect(roleInEnvironment({ email: 'ops@x.com', role: 'operator' }, undefined)).toBe('operator');
    expect(roleInEnvironment({ email: 'Ann@X.com', role: 'viewer' }, ['ann@x.com'])).toBe('operator');
    expect(roleInEnvironment({ email: 'bob@x.com', role: 'viewer' }, ['ann@x.com'])).toBe('viewer');
    expect(roleInEnvironment({ email: 'bob@x.com', role: 'viewer' }, undefined)).toBe('viewer');
  });
});
