import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'eddy-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AuditLog', () => {
  it('reads an absent log as empty', async () => {
    expect(await new AuditLog(path.join(dir, 'missing')).read()).toEqual([]);
  });

  it('appends and reads back newest first', async () => {
    const log = new AuditLog(path.join(dir, 'nested'));
    await log.append({ actor: 'operator', action: 'redrive-all', queues: ['dlq'], outcome: 'started' });
    await log.append({ actor: 'operator', action: 'redrive-all', queues: ['dlq'], outcome: 'succeeded', detail: '12 moved' });
    const entries = await log.read();
    expect(entries.map((e) => e.outcome)).toEqual(['succeeded', 'started']);
    expect(entries[0]).toMatchObject({ detail: '12 moved', id: expect.any(String), at: expect.stringMatching(/^\d{4}-/) });
  });

  it('records a signed-in user’s email and role as fields too', async () => {
    const log = new AuditLog(dir);
    await log.append({ actor: 'otto@example.com (operator)', action: 'purge', queues: ['q'], outcome: 'succeeded' });
    await log.append({ actor: 'operator token', action: 'purge', queues: ['q'], outcome: 'succeeded' });
    const [token, user] = await log.read();
    expect(user.identity).toEqual({ email: 'otto@example.com', role: 'operator' });
    expect(token.identity).toBeUndefined();
  });

  it('skips a torn line and keeps the rest', async () => {
    const log = new AuditLog(dir);
    await log.append({ actor: 'a', action: 'purge', queues: ['q'], outcome: 'succeeded' });
    await appendFile(log.file, '{"id":"x","at":\n');
    await log.append({ actor: 'b', action: 'purge', queues: ['q'], outcome: 'failed' });
    expect((await log.read()).map((e) => e.actor)).toEqual(['b', 'a']);
  });

  it('reads an old canary record as the "redrive all" the user chose, saying it was the canary', async () => {
    const log = new AuditLog(dir);
    const old = (action: string, detail?: string) => JSON.stringify({ id: `id-${detail}`, at: '2026-11-01T10:00:00.000Z', actor: 'operator', action, queues: ['dlq', 'src'], outcome: 'failed', detail });
    await appendFile(log.file, `${old('canary', '2 of 2 canary messages came back to dlq: the redrive stopped')}\n${old('canary', '10 of 10 moved')}\n${old('canary')}\n`);
    const entries = await log.read();
    expect(entries.map((e) => e.action)).toEqual(['redrive-all', 'redrive-all', 'redrive-all']);
    expect(entries.map((e) => e.detail)).toEqual(['behind a canary', '10 of 10 moved · behind a canary', '2 of 2 canary messages came back to dlq: the redrive stopped']);
  });

  it('leaves every other action as it was recorded', async () => {
    const log = new AuditLog(dir);
    await log.append({ actor: 'a', action: 'redrive-selected', queues: ['q'], outcome: 'succeeded', detail: 'two' });
    expect(await log.read()).toEqual([expect.objectContaining({ action: 'redrive-selected', detail: 'two' })]);
  });

  it('honours the limit', async () => {
    const log = new AuditLog(dir);
    for (let i = 0; i < 5; i++) await log.append({ actor: String(i), action: 'purge', queues: [], outcome: 'started' });
    expect((await log.read(2)).map((e) => e.actor)).toEqual(['4', '3']);
  });
});
