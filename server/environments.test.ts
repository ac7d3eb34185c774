import { describe, expect, it } from 'vitest';
import { parseEnvironments } from './environments';
import { getOutcomeStore } from './aws/outcomes';
import { currentEnvironmentName, resetServices, runInEnvironment } from './services';

const env = { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: undefined };

describe('parseEnvironments', () => {
  it('without environments: one, named default, from the AWS variables', () => {
    for (const text of [null, '{}', '{"consumers": []}', 'not json']) {
      expect(parseEnvironments(text, env)).toEqual({ ok: true, environments: [{ name: 'default', region: 'us-east-1', declared: false }] });
    }
  });

  it('reads declared environments: profile, role with external id, endpoint, operators', () => {
    const text = JSON.stringify({
      environments: [
        { name: 'prod-eu', region: 'eu-west-1', profile: 'prod', operators: ['oncall@example.com'] },
        { name: 'staging', region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/eddy-read', externalId: 'eddy-42', endpoint: 'http://127.0.0.1:4566' },
      ],
    });
    const result = parseEnvironments(text, env);
    expect(result).toEqual({
      ok: true,
      environments: [
        { name: 'prod-eu', region: 'eu-west-1', profile: 'prod', operators: ['oncall@example.com'], declared: true },
        { name: 'staging', region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/eddy-read', externalId: 'eddy-42', endpoint: 'http://127.0.0.1:4566', declared: true },
      ],
    });
  });

  it('names each problem: a bad name, a duplicate, a bad region, an external id without a role, an unknown key', () => {
    const text = JSON.stringify({
      environments: [
        { name: 'Prod EU', region: 'eu-west-1' },
        { name: 'a', region: 'eu-west-1' },
        { name: 'a', region: 'mars' },
        { name: 'b', region: 'eu-west-1', externalId: 'x1' },
        { name: 'c', region: 'eu-west-1', secret: 'no' },
      ],
    });
    const result = parseEnvironments(text, env);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('eddy.config.json: environments.0.name:'))).toBe(true);
    expect(problems).toContain('eddy.config.json: environments.2.name: "a" is listed twice');
    expect(problems.some((p) => p.startsWith('eddy.config.json: environments.2.region:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('eddy.config.json: environments.3.externalId: needs a roleArn'))).toBe(true);
    expect(problems.some((p) => p.includes('environments.4') && p.includes('secret'))).toBe(true);
  });

  it('refuses an empty list', () => {
    expect(parseEnvironments('{"environments": []}', env).ok).toBe(false);
  });
});

describe('the current environment', () => {
  it('is the default outside any request, and the one runInEnvironment names inside it, timers included', async () => {
    expect(currentEnvironmentName()).toBe('default');
    const seen = await runInEnvironment('staging', () => new Promise<string>((resolve) => setTimeout(() => resolve(currentEnvironmentName()), 1)));
    expect(seen).toBe('staging');
    expect(currentEnvironmentName()).toBe('default');
  });

  it('keeps one set of services per environment', () => {
    resetServices();
    const mine = getOutcomeStore();
    const theirs = runInEnvironment('staging', getOutcomeStore);
    expect(theirs).not.toBe(mine);
    expect(runInEnvironment('staging', getOutcomeStore)).toBe(theirs);
    expect(getOutcomeStore()).toBe(mine);
    resetServices();
  });
});
