import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFeatures } from './actions';
import { iamPolicyFiles } from './iam-files';
import { actionsOfPolicy } from './policy';

const DIR = path.resolve(__dirname, '..', '..', 'docs', 'iam');

describe('docs/iam', () => {
  it.each(Object.entries(iamPolicyFiles()))('%s is what `npm run docs:access` generates', (name, generated) => {
    expect(readFileSync(path.join(DIR, name), 'utf8')).toBe(generated);
  });

  it('read-only grants exactly the read-only actions; operator adds exactly the operator ones', () => {
    const files = iamPolicyFiles();
    const actionsOf = (role: string) => [...new Set(accessFeatures.filter((f) => f.role === role).flatMap((f) => f.actions.map((a) => a.action)))].sort();
    expect(actionsOfPolicy(JSON.parse(files['read-only.json']))).toEqual(actionsOf('read-only'));
    expect(actionsOfPolicy(JSON.parse(files['operator.json']))).toEqual([...new Set([...actionsOf('read-only'), ...actionsOf('operator')])].sort());
  });
});
