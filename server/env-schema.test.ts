import { describe, expect, it } from 'vitest';
import { parseEnv } from './env-schema';

describe('parseEnv', () => {
  it('applies the defaults to an empty environment', () => {
    const result = parseEnv({});
    expect(result).toEqual({
      ok: true,
      env: expect.objectContaining({ PORT: 3000, HOST: '127.0.0.1', EDDY_READ_ONLY: false, EDDY_DATA_DIR: '.eddy', EDDY_EMULATOR_PORT: 4566 }),
    });
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ PORT: '', EDDY_OPERATOR_TOKEN: '' })).toMatchObject({ ok: true, env: { PORT: 3000 } });
  });

  it.each([
    ['1', true],
    ['TRUE', true],
    ['yes', true],
    ['0', false],
    ['off', false],
  ])('reads EDDY_READ_ONLY=%s as %s', (value, expected) => {
    expect(parseEnv({ EDDY_READ_ONLY: value })).toMatchObject({ ok: true, env: { EDDY_READ_ONLY: expected } });
  });

  it('reads EDDY_ALERT_WEBHOOK_URL as a comma-separated list of URLs, none by default', () => {
    expect(parseEnv({})).toMatchObject({ ok: true, env: { EDDY_ALERT_WEBHOOK_URL: [] } });
    expect(parseEnv({ EDDY_ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X, http://127.0.0.1:9000/hook' })).toMatchObject({
      ok: true,
      env: { EDDY_ALERT_WEBHOOK_URL: ['https://hooks.slack.com/services/T/B/X', 'http://127.0.0.1:9000/hook'] },
    });
    const bad = parseEnv({ EDDY_ALERT_WEBHOOK_URL: 'https://ok.example/hook,not a url' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]).toMatch(/^EDDY_ALERT_WEBHOOK_URL=.*comma-separated list of URLs/);
  });

  it('names every problem on its own line with the value given', () => {
    const result = parseEnv({ PORT: 'abc', EDDY_READ_ONLY: 'maybe', AWS_ENDPOINT_URL: 'localhost', EDDY_OPERATOR_TOKEN: 'short' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT="abc": /),
        expect.stringMatching(/^EDDY_READ_ONLY="maybe": must be/),
        expect.stringMatching(/^AWS_ENDPOINT_URL="localhost": must be a URL/),
        expect.stringMatching(/^EDDY_OPERATOR_TOKEN=.*at least 12/),
      ]),
    );
  });

  it('rejects a port out of range and a malformed region', () => {
    const result = parseEnv({ EDDY_EMULATOR_PORT: '70000', AWS_REGION: 'Ireland' });
    expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^AWS_REGION/), expect.stringMatching(/^EDDY_EMULATOR_PORT="70000": must be 1–65535/)] });
  });

  it('takes sign-in whole or not at all, with a session secret of 32 characters at least', () => {
    const full = { EDDY_OIDC_ISSUER: 'https://id.example.com', EDDY_OIDC_CLIENT_ID: 'eddy', EDDY_OIDC_CLIENT_SECRET: 'shh', EDDY_SESSION_SECRET: 'x'.repeat(32) };
    expect(parseEnv(full)).toMatchObject({ ok: true, env: { EDDY_OIDC_SCOPES: 'openid email profile', EDDY_OIDC_GROUPS_CLAIM: 'groups', EDDY_TRUST_PROXY: false } });
    expect(parseEnv({ ...full, EDDY_SESSION_SECRET: 'x'.repeat(31) })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^EDDY_SESSION_SECRET=.*at least 32/)] });
    expect(parseEnv({ EDDY_OIDC_ISSUER: full.EDDY_OIDC_ISSUER, EDDY_OIDC_CLIENT_ID: 'eddy' })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^EDDY_OIDC_CLIENT_SECRET=.*must be set with/), expect.stringMatching(/^EDDY_SESSION_SECRET=.*must be set with/)],
    });
  });
});
