import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startApp, type RunningApp } from '../server/launch/app';
import { getFreePort } from '../server/launch/ports';
import { startEmulator, type Emulator } from '../server/emulator/index';
import { expect, test } from './fixtures';

/**
 * Two environments (eddy.config.json `environments`), each its own emulator with its own queues:
 * the proxy's rewrite of `/e/<name>/…`, the header it sets and the server's synchronous read of
 * it through Next's request store (server/services.ts) — a Next upgrade that breaks that read
 * shows here as environment B's queue missing under /e/beta.
 */
const CREDENTIALS = { accessKeyId: 'AKIDEDDYTEST', secretAccessKey: 'eddy-test-secret' };
const ONLY_IN_A = `env-alpha-only-${Date.now()}`;
const ONLY_IN_B = `env-beta-only-${Date.now()}`;

let alpha: Emulator;
let beta: Emulator;
let app: RunningApp;
let dir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [alpha, beta] = await Promise.all([startEmulator({ port: 0 }), startEmulator({ port: 0 })]);
  for (const [emulator, name] of [[alpha, ONLY_IN_A], [beta, ONLY_IN_B]] as const) {
    const sqs = new SQSClient({ endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS });
    await sqs.send(new CreateQueueCommand({ QueueName: name }));
    sqs.destroy();
  }
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-env-e2e-'));
  const config = path.join(dir, 'eddy.config.json');
  writeFileSync(config, JSON.stringify({ environments: [{ name: 'alpha', region: 'us-east-1', endpoint: alpha.url }, { name: 'beta', region: 'eu-west-1', endpoint: beta.url }] }));
  app = await startApp({
    port: await getFreePort(),
    env: { AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: alpha.url, EDDY_CONFIG_FILE: config, EDDY_DATA_DIR: dir },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await Promise.all([alpha?.stop(), beta?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a queue of environment B shows under /e/beta and is not found under /e/alpha', async ({ page }) => {
  await page.goto(`${app.url}/e/beta/queues/${ONLY_IN_B}`);
  await expect(page.getByRole('heading', { name: ONLY_IN_B })).toBeVisible();
  const missing = await page.goto(`${app.url}/e/alpha/queues/${ONLY_IN_B}`);
  expect(missing?.status()).toBe(404);
  await page.goto(`${app.url}/e/alpha/queues`);
  await expect(page.getByRole('link', { name: ONLY_IN_A })).toBeVisible();
  await expect(page.getByRole('link', { name: ONLY_IN_B })).toHaveCount(0);
  // Links keep the environment: the queue's link opens its page under /e/alpha.
  await page.getByRole('link', { name: ONLY_IN_A }).click();
  await expect(page).toHaveURL(`${app.url}/e/alpha/queues/${ONLY_IN_A}`);
  await expect(page.getByRole('heading', { name: ONLY_IN_A })).toBeVisible();
});

test('the switcher names each environment with its region and keeps the page', async ({ page }) => {
  await page.goto(`${app.url}/e/alpha/queues`);
  const switcher = page.getByRole('combobox', { name: 'Environment' });
  await expect(switcher).toHaveValue('alpha');
  await expect(switcher.locator('option')).toHaveText(['alpha · us-east-1', 'beta · eu-west-1']);
  await switcher.focus();
  await switcher.selectOption('beta');
  await expect(page).toHaveURL(`${app.url}/e/beta/queues`);
  await expect(page.getByRole('link', { name: ONLY_IN_B })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Environment' })).toHaveValue('beta');
  // The sidebar's links stay in beta.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Streams' })).toHaveAttribute('href', '/e/beta/streams');
});

test('an old URL redirects to the default environment; an unknown environment is 404', async ({ page, request }) => {
  await page.goto(`${app.url}/queues`);
  await expect(page).toHaveURL(`${app.url}/e/alpha/queues`);
  const old = await request.get(`${app.url}/queues?q=x`, { maxRedirects: 0 });
  expect(old.status()).toBe(307);
  // Next makes a same-origin Location relative.
  expect(new URL(old.headers().location, app.url).toString()).toBe(`${app.url}/e/alpha/queues?q=x`);
  expect((await request.get(`${app.url}/e/gamma/queues`, { maxRedirects: 0 })).status()).toBe(404);
});

test('a page of an unknown environment is the app’s 404 page, naming it and linking to the known ones', async ({ page, request }) => {
  // Its banners and header call the default environment, not the unknown one (each such call would answer 404).
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) calls.push(new URL(r.url()).pathname);
  });
  const firstCall = page.waitForRequest((r) => r.url().includes('/api/'));
  const response = await page.goto(`${app.url}/e/gamma/queues/${ONLY_IN_A}`);
  expect(response?.status()).toBe(404);
  expect(response?.headers()['content-type']).toContain('text/html');
  await expect(page.getByRole('heading', { name: 'No environment “gamma”' })).toBeVisible();
  // The app's own page: its sidebar is there, in the default environment.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Streams' })).toHaveAttribute('href', '/e/alpha/streams');
  const known = page.getByRole('list', { name: 'Environments' }).getByRole('link');
  await expect(known).toHaveText(['alpha · us-east-1', 'beta · eu-west-1']);
  await firstCall;
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => c.startsWith('/e/gamma/'))).toEqual([]);
  await known.filter({ hasText: 'beta' }).click();
  await expect(page).toHaveURL(`${app.url}/e/beta`);
  const api = await request.get(`${app.url}/e/gamma/api/queues`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'There is no environment "gamma" in this Eddy.' } });
});

test('the API answers per environment under /e/<name>/api, and for the default without the prefix', async ({ request }) => {
  const names = async (url: string) => ((await (await request.get(url)).json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
  const inBeta = await names(`${app.url}/e/beta/api/queues`);
  expect(inBeta).toContain(ONLY_IN_B);
  expect(inBeta).not.toContain(ONLY_IN_A);
  const unprefixed = await names(`${app.url}/api/queues`);
  expect(unprefixed).toContain(ONLY_IN_A);
  expect(unprefixed).not.toContain(ONLY_IN_B);
  // A client cannot pick an environment by sending the header itself.
  expect(await names(`${app.url}/api/queues`)).not.toContain(ONLY_IN_B);
  const spoofed = await request.get(`${app.url}/api/queues`, { headers: { 'x-eddy-environment': 'beta' } });
  expect(((await spoofed.json()) as { queues: { name: string }[] }).queues.map((q) => q.name)).not.toContain(ONLY_IN_B);
  const unknown = await request.get(`${app.url}/e/gamma/api/queues`);
  expect(unknown.status()).toBe(404);
});
