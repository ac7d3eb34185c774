import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDemo, type RunningDemo } from '../server/launch/demo';
import { getFreePort } from '../server/launch/ports';

/**
 * The health engine on a demo of its own: a webhook receiver and short thresholds (an evaluation
 * every 5 s, a stall after 30 s, closing after 20 s clear), so a finding's whole life fits in a test.
 */
let demo: RunningDemo;
let receiver: Server;
let dir: string;
const received: { status: string; rule?: string; resource?: { kind: string; name: string }; text?: string }[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(path.join(tmpdir(), 'eddy-health-'));
  const config = path.join(dir, 'eddy.config.json');
  writeFileSync(config, JSON.stringify({ health: { evaluateEverySeconds: 5, stalledAfterSeconds: 30, closeAfterClearSeconds: 20 } }));
  demo = await startDemo({
    appPort: await getFreePort(),
    emulatorPort: await getFreePort(),
    appEnv: {
      EDDY_DATA_DIR: path.join(dir, 'data'),
      EDDY_CONFIG_FILE: config,
      EDDY_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    },
  });
});

test.afterAll(async () => {
  await demo?.stop();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Rules that describe a risk in the configuration: listed, never coloured. */
const RISKS = ['stream-infinite-retries', 'queue-without-dlq', 'max-receive-count-one', 'dlq-retention', 'subscription-without-dlq'];

/** One consistent reading of the home page (one synchronous pass over the DOM). */
async function homeSnapshot(page: Page) {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('[data-testid="flow-node"]')].map((a) => ({
      id: a.getAttribute('data-node-id') ?? '',
      health: a.getAttribute('data-health') ?? '',
      title: a.getAttribute('title') ?? '',
      name: a.querySelector('span.font-mono')?.textContent ?? '',
    }));
    const failingMappingEdges = [...document.querySelectorAll('[data-testid^="rf__edge-mapping:"]')].filter((e) => /\bhealth-failing\b/.test(e.getAttribute('class') ?? '')).length;
    const findings = [...document.querySelectorAll('[data-testid="finding"]')].map((li) => ({
      rule: li.getAttribute('data-rule') ?? '',
      severity: li.getAttribute('data-severity') ?? '',
      node: li.getAttribute('data-node'),
      title: li.querySelector('h3')?.textContent ?? '',
    }));
    const failingTile = document.querySelector('[aria-label="Failing mappings"] [data-testid="tile-value"]')?.textContent ?? '';
    return { nodes, failingMappingEdges, findings, failingTile };
  });
}

/** The graph, the tiles and "Needs attention" tell one story: every colour has its finding, every finding its colour. */
async function expectAgreement(page: Page, state: string) {
  const snap = await homeSnapshot(page);
  expect(snap.nodes.length, state).toBeGreaterThan(0);
  const titles = new Set(snap.findings.map((f) => f.title));
  for (const n of snap.nodes.filter((x) => x.health !== 'ok')) {
    expect(titles, `${state}: ${n.id} is ${n.health} because "${n.title}", which Needs attention must list`).toContain(n.title.slice(n.name.length + 2));
  }
  for (const f of snap.findings.filter((x) => !RISKS.includes(x.rule) && x.node)) {
    const n = snap.nodes.find((x) => x.id === f.node);
    expect(n?.health, `${state}: "${f.title}" is open, so ${f.node} is coloured`).toBe(f.severity === 'critical' ? 'failing' : n?.health === 'failing' ? 'failing' : 'lagging');
  }
  expect(snap.failingTile, `${state}: the Failing mappings tile counts the red mapping edges`).toBe(String(snap.failingMappingEdges));
}

/** Waits until the engine has evaluated `count` more times (its cadence, not a fixed sleep). */
async function evaluations(page: Page, count: number) {
  const current = async () => ((await (await page.request.get(`${demo.appUrl}/api/alerts`)).json()) as { evaluations: number }).evaluations;
  const start = await current();
  await expect.poll(current, { timeout: 60_000, intervals: [1_000] }).toBeGreaterThanOrEqual(start + count);
}

/** The rules the engine reports on the flow now (`/api/flow`, which keeps the page's pace and tails running). */
async function flowRules(page: Page): Promise<string[]> {
  return ((await (await page.request.get(`${demo.appUrl}/api/flow`)).json()) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
}

test('the graph, the tiles and Needs attention agree in the demo’s normal, bug-fixed, spike, broken-subscription and schema-change states', async ({ page }) => {
  test.setTimeout(600_000);
  try {
    for (const [state, act, opens] of [
      ['normal', () => undefined, undefined],
      ['bug fixed', () => demo.simulation.fixBug(), undefined],
      ['traffic spike', () => demo.simulation.spike({}), undefined],
      // The topics' findings and schema drift come from the same engine: they colour the topic and the table.
      ['subscription broken', () => demo.simulation.breakSubscription(), 'queue-policy-denies-topic'],
      ['schema change shipped', () => demo.simulation.shipSchemaChange(), 'schema-drift'],
    ] as const) {
      await act();
      if (opens) await expect.poll(() => flowRules(page), { timeout: 180_000, intervals: [2_000] }).toContain(opens);
      await evaluations(page, 2);
      await page.goto(demo.appUrl);
      await expect(page.getByTestId('flow-node').first()).toBeVisible();
      await expect(page.locator('section[aria-labelledby="needs-attention-heading"]')).not.toContainText('has not finished');
      await expectAgreement(page, state);
    }
    // The demo's dead letters arrive from the start: the engine names the DLQ, and the graph is red there.
    await expect(page.locator('[data-testid="finding"][data-rule="dlq-receiving"]').first()).toBeVisible();
    await expect(page.getByTestId('flow-node').and(page.locator('[data-node-id="topic:order-events"]'))).toHaveAttribute('data-health', 'failing');
    await expect(page.getByTestId('flow-node').and(page.locator('[data-node-id="table:orders"]'))).toHaveAttribute('data-health', 'failing');
  } finally {
    demo.simulation.reset();
    await demo.simulation.settled();
  }
});

test('a stalled notifier opens one finding naming notifications, one webhook "open", and after reset one "resolved"', async ({ page }) => {
  test.setTimeout(300_000);
  const stalledAlerts = (status: string) => received.filter((m) => m.status === status && m.rule === 'consumer-stalled' && m.resource?.name === 'notifications');
  const finding = page.locator('[data-testid="finding"][data-rule="consumer-stalled"]').filter({ hasText: 'notifications' });
  try {
    demo.simulation.stallNotifier();
    await page.goto(demo.appUrl);
    await expect(finding).toBeVisible({ timeout: 120_000 });
    await expect(finding.getByTestId('finding-since')).toBeVisible();
    await expect(finding.getByRole('list', { name: 'Evidence' })).toContainText('In flight');
    await expect(page.getByTestId('flow-node').and(page.locator('[data-node-id="queue:notifications"]'))).toHaveAttribute('data-health', 'failing');
    await expectAgreement(page, 'notifier stalled');
    await expect.poll(() => stalledAlerts('open').length, { timeout: 30_000 }).toBe(1);
    expect(stalledAlerts('open')[0].text).toContain('Nothing is consuming notifications');
    // The queue's own page gives the same verdict.
    await page.goto(`${demo.appUrl}/queues/notifications`);
    await expect(page.locator('[data-testid="finding"][data-rule="consumer-stalled"]')).toContainText('Nothing is consuming notifications');
    await page.goto(demo.appUrl);
    // Reloading keeps showing it: no flapping while the stall lasts.
    for (let i = 0; i < 3; i++) {
      await evaluations(page, 1);
      await page.reload();
      await expect(finding).toBeVisible();
    }
  } finally {
    demo.simulation.reset();
  }
  await expect(finding).toHaveCount(0, { timeout: 120_000 });
  await expect.poll(() => stalledAlerts('resolved').length, { timeout: 30_000 }).toBe(1);
  expect(stalledAlerts('open')).toHaveLength(1);
  await page.goto(`${demo.appUrl}/alerts`);
  await expect(page.getByTestId('transition').filter({ hasText: 'Nothing is consuming notifications' })).toHaveCount(2);
  await expect(page.getByTestId('delivery').filter({ hasText: 'Nothing is consuming notifications' }).first()).toHaveAttribute('data-status', 'delivered');
});
