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
  it('keeps an operator one everywhere and makes a viewer an operator only where that environment names them', async () => {
    const { roleInEnvironment } = await import('./roles');
    const staging = { name: 'staging', operators: ['ann@x.com', 'staging-ops'] };
    expect(roleInEnvironment({ email: 'ops@x.com', role: 'operator' }, undefined)).toBe('operator');
    expect(roleInEnvironment({ email: 'Ann@X.com', role: 'viewer' }, staging)).toBe('operator');
    expect(roleInEnvironment({ email: 'bob@x.com', role: 'viewer' }, staging)).toBe('viewer');
    expect(roleInEnvironment({ email: 'bob@x.com', role: 'viewer' }, undefined)).toBe('viewer');
    // A group matched at sign-in rides in the session as the environment's name, for that environment only.
    expect(roleInEnvironment({ email: 'cy@x.com', role: 'viewer', operatorIn: ['staging'] }, staging)).toBe('operator');
    expect(roleInEnvironment({ email: 'cy@x.com', role: 'viewer', operatorIn: ['staging'] }, { name: 'prod' })).toBe('viewer');
  });

  it('names at sign-in the environments whose operators list the email or one of the groups', async () => {
    const { environmentsOperated } = await import('./roles');
    const environments = [{ name: 'prod', operators: ['prod-ops'] }, { name: 'staging', operators: ['staging-ops', 'dee@x.com'] }, { name: 'dev' }];
    expect(environmentsOperated('cy@x.com', { groups: ['staging-ops', 'eng'] }, 'groups', environments)).toEqual(['staging']);
    expect(environmentsOperated('DEE@x.com', {}, 'groups', environments)).toEqual(['staging']);
    expect(environmentsOperated('eve@x.com', { roles: 'prod-ops eng' }, 'roles', environments)).toEqual(['prod']);
    expect(environmentsOperated('eve@x.com', { groups: ['prod-ops'] }, 'roles', environments)).toEqual([]);
  });
});
