import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('npm start with an invalid configuration', () => {
  it('stops at once with one readable line per problem and no stack trace', () => {
    const result = spawnSync(TSX, ['server/launch/start-cli.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'abc', EDDY_READ_ONLY: 'maybe', AWS_ENDPOINT_URL: 'not a url' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('Eddy cannot start: invalid configuration');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}PORT="abc": /),
      expect.stringMatching(/^ {2}AWS_ENDPOINT_URL="not a url": must be a URL/),
      expect.stringMatching(/^ {2}EDDY_READ_ONLY="maybe": must be/),
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
