import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessActions, iamActionOf } from './actions';
import { actionsOfPolicy, buildPolicy } from './policy';
import { actionsInReadme, readmeAccessSection, README_BEGIN, README_END } from './readme';

const root = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const nothingInView = { tables: [], queues: [], dlqs: [], destinations: [], functions: [] };

describe('one list of AWS actions', () => {
  it('is what the README lists (run `npm run docs:access` after changing lib/access/actions.ts)', () => {
    const block = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END) + README_END.length);
    expect(block).toBe(readmeAccessSection());
  });

  it('gives a policy with exactly the actions the README lists', () => {
    const policy = buildPolicy(nothingInView);
    expect(actionsInReadme(readme).length).toBeGreaterThan(15);
    expect(actionsOfPolicy(policy)).toEqual(actionsInReadme(readme));
    expect(actionsOfPolicy(policy)).toEqual([...new Set(accessActions.map((a) => a.action))].sort());
    // /access builds it for the resources in view: scoping changes the resources, never the actions.
    const arn = (service: string, rest: string) => `arn:aws:${service}:eu-west-1:111122223333:${rest}`;
    const inView = buildPolicy({
      tables: [arn('dynamodb', 'table/orders')],
      queues: [arn('sqs', 'work'), arn('sqs', 'work-dlq')],
      dlqs: [arn('sqs', 'work-dlq')],
      destinations: [arn('sqs', 'work')],
      functions: [arn('lambda', 'function:worker')],
      region: 'eu-west-1',
      account: '111122223333',
    });
    expect(actionsOfPolicy(inView)).toEqual(actionsInReadme(readme));
    // Each action once: one statement per role and resource kind.
    const all = inView.Statement.flatMap((s) => s.Action);
    expect(all.length).toBe(new Set(all).size);
  });

  it('covers every command the AWS adapters send', () => {
    const prefixOfClient: Record<string, string> = { dynamodb: 'dynamodb', streams: 'dynamodb', sqs: 'sqs', lambda: 'lambda', cloudwatch: 'cloudwatch', logs: 'logs', sns: 'sns' };
    const dir = path.join(root, 'server', 'aws');
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.endsWith('.contract.ts'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const m of source.matchAll(/(?:clients?|c|getClients\(\))\.(\w+)\.send\(\s*new (\w+)Command\(/g)) {
        used.add(iamActionOf(prefixOfClient[m[1]] ?? m[1], m[2]));
      }
      // Adapters that take the client as a variable (`client.send(new DescribeStreamCommand(`).
      for (const m of source.matchAll(/new (\w+)Command\(/g)) {
        if ([...used].some((a) => a.endsWith(`:${m[1]}`))) continue;
        const fromImport = source.match(new RegExp(`import[^;]*\\b${m[1]}Command\\b[^;]*from '@aws-sdk/client-([a-z-]+)'`))?.[1];
        const prefix = { 'dynamodb-streams': 'dynamodb', dynamodb: 'dynamodb', sqs: 'sqs', lambda: 'lambda', cloudwatch: 'cloudwatch', 'cloudwatch-logs': 'logs', sns: 'sns' }[fromImport ?? ''];
        if (prefix) used.add(iamActionOf(prefix, m[1]));
      }
    }
    const listed = new Set<string>(accessActions.map((a) => a.action));
    expect([...used].filter((a) => !listed.has(a)).sort()).toEqual([]);
    expect(used.size).toBeGreaterThan(15);
  });

  it('scopes each statement to the resources in view, patterns when none is', () => {
    const q = (n: string) => `arn:aws:sqs:eu-west-1:111122223333:${n}`;
    const policy = buildPolicy({
      tables: ['arn:aws:dynamodb:eu-west-1:111122223333:table/orders'],
      queues: [q('work'), q('work-dlq')],
      dlqs: [q('work-dlq')],
      destinations: [q('work')],
      functions: [],
      region: 'eu-west-1',
      account: '111122223333',
    });
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ReadOnlyStreams.Resource).toEqual(['arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/*']);
    expect(bySid.ReadOnlyDeadLetterQueues.Action).toEqual(['sqs:ChangeMessageVisibility', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListMessageMoveTasks', 'sqs:ReceiveMessage']);
    expect(bySid.ReadOnlyDeadLetterQueues.Resource).toEqual([q('work-dlq')]);
    expect(bySid.OperatorRedriveDestinations).toEqual({ Sid: 'OperatorRedriveDestinations', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [q('work')] });
    expect(bySid.ReadOnlyFunctions.Resource).toEqual(['arn:aws:lambda:eu-west-1:111122223333:function:*']);
    expect(bySid.ReadOnlyLists.Resource).toEqual(['*']);
  });

  it('leaves the operator statements out of a read-only policy', () => {
    const actions = actionsOfPolicy(buildPolicy(nothingInView, { operator: false }));
    expect(actions).toContain('sqs:ReceiveMessage');
    expect(actions).not.toContain('sqs:SendMessage');
    expect(actions).not.toContain('sqs:PurgeQueue');
  });
});
