import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ensureBuild } from '../../server/launch/app';
import { startDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { launchChromium, sleep } from './live-support';
import type { BenchRow } from './types';

/** Demos measured one after another (each its own, fresh). */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1);
/** How long the home page is reloaded every 10 s while the notifier is stalled (the issue: 3 minutes). */
const RELOAD_MS = Number(process.env.BENCH_RELOAD_SECONDS ?? 180) * 1000;
const RELOAD_EVERY_MS = 10_000;
/** Longest waits before a goal counts as missed (the figure is then this bound, and says so). */
const OPEN_CAP_MS = 180_000;
const CLOSE_CAP_MS = 300_000;

interface Hook {
  status: string;
  rule?: string;
  resource?: { name: string };
}

interface Sample {
  firstLoadMs: number;
  rateShownMs: number | null;
  shown: number;
  truth: number;
  openMs: number | null;
  reloads: number;
  absent: number;
  flips: number;
  closeMs: number | null;
  opens: number;
  resolved: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** Whether the home page, once its graph and "Needs attention" have loaded, lists the stalled-notifications finding. */
async function showsStall(page: Page): Promise<boolean> {
  await page.getByTestId('flow-node').first().waitFor({ timeout: 30_000 });
  const finding = page.locator('[data-testid="finding"][data-rule="consumer-stalled"]').filter({ hasText: 'notifications' });
  return finding
    .first()
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
}

async function oneSample(log: (line: string) => void): Promise<Sample> {
  const received: Hook[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        received.push(JSON.parse(body) as Hook);
      } catch {
        // not an alert
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-health-demo-'));
  // Default thresholds: no `health` in the config file.
  const demo = await startDemo({
    appPort: await getFreePort(),
    emulatorPort: await getFreePort(),
    appEnv: {
      EDDY_DATA_DIR: path.join(dir, 'data'),
      EDDY_CONFIG_FILE: path.join(dir, 'eddy.config.json'),
      EDDY_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    },
  });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();

    // 1. Events/s: the tile against every stream record the emulator produced since the first load.
    const streams = demo.emulator.services.streams;
    const startedAt = Date.now();
    const recordsBefore = streams.retainedRecords();
    await page.goto(demo.appUrl);
    const firstLoadMs = Date.now() - startedAt;
    const tile = page.getByRole('listitem', { name: 'Events/s' });
    let rateShownMs: number | null = null;
    try {
      await tile.getByTestId('figure-source').filter({ hasText: /^from (Eddy’s reads|CloudWatch, \d\d:\d\d)/ }).waitFor({ timeout: 60_000 });
      rateShownMs = Date.now() - startedAt;
    } catch {
      // not shown within a minute: reported as missed
    }
    const windowLeft = 10_000 - (Date.now() - startedAt);
    if (windowLeft > 0) await sleep(windowLeft);
    const shown = Number(await tile.getByTestId('tile-value').textContent());
    const truth = (streams.retainedRecords() - recordsBefore) / ((Date.now() - startedAt) / 1000);
    log(`  events/s: shown ${shown} vs truth ${truth.toFixed(2)}, labelled after ${rateShownMs} ms`);

    // 2. Stall the notifier: how long until the home page names notifications.
    const stalledAt = Date.now();
    demo.simulation.stallNotifier();
    let openMs: number | null = null;
    while (Date.now() - stalledAt < OPEN_CAP_MS) {
      await page.reload();
      if (await showsStall(page)) {
        openMs = Date.now() - stalledAt;
        break;
      }
    }
    log(`  stall named after ${openMs} ms`);

    // 3. Reload every 10 s for three minutes: the finding is there every time.
    let reloads = 0;
    let absent = 0;
    let flips = 0;
    let previous = true;
    const reloadUntil = Date.now() + RELOAD_MS;
    while (Date.now() < reloadUntil) {
      const next = Date.now() + RELOAD_EVERY_MS;
      await page.reload();
      const present = await showsStall(page);
      reloads++;
      if (!present) absent++;
      if (present !== previous) flips++;
      previous = present;
      await sleep(Math.max(0, next - Date.now()));
    }
    log(`  ${reloads} reloads, ${absent} without the finding, ${flips} flips`);

    // 4. Reset: how long until it closes (the home page polls itself), then the webhook's count.
    const resetAt = Date.now();
    demo.simulation.reset();
    let closeMs: number | null = null;
    const finding = page.locator('[data-testid="finding"][data-rule="consumer-stalled"]').filter({ hasText: 'notifications' });
    while (Date.now() - resetAt < CLOSE_CAP_MS) {
      if ((await finding.count()) === 0 && !(await showsStall(page))) {
        closeMs = Date.now() - resetAt;
        break;
      }
      await sleep(2_000);
    }
    log(`  closed after ${closeMs} ms`);
    // The webhook is posted after the evaluation that resolved it, retried with backoff: give it a little while.
    const mine = (status: string) => received.filter((m) => m.status === status && m.rule === 'consumer-stalled' && m.resource?.name === 'notifications').length;
    const hookUntil = Date.now() + 30_000;
    while (mine('resolved') === 0 && Date.now() < hookUntil) await sleep(1_000);
    return { firstLoadMs, rateShownMs, shown, truth, openMs, reloads, absent, flips, closeMs, opens: mine('open'), resolved: mine('resolved') };
  } finally {
    demo.simulation.reset();
    await browser.close();
    await demo.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- health-demo`: the issue's measured goals on the demo with the default
 * thresholds — the Events/s tile against the stream's real rate and when it shows; "Stall the
 * notifier" → a finding naming notifications (latency); the home page reloaded every 10 s for
 * three minutes (reloads without it, flips); after Reset, when it closes; and the webhook's
 * `open`/`resolved` for it. `BENCH_SAMPLES` demos in a row (default 1), `BENCH_RELOAD_SECONDS`
 * shortens the reload phase.
 */
export async function benchHealthDemo(): Promise<BenchRow[]> {
  ensureBuild((line) => console.error(line));
  const samples: Sample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    console.error(`health-demo: sample ${i + 1}/${SAMPLES}`);
    samples.push(await oneSample((line) => console.error(line)));
  }
  const list = (f: (s: Sample) => number | null, unit = 's') => samples.map((s) => (f(s) === null ? 'missed' : `${f(s)}${unit}`)).join(', ');
  const sec = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);
  const known = (f: (s: Sample) => number | null) => samples.map(f).filter((v): v is number => v !== null);
  const errors = samples.map((s) => (s.truth > 0 ? Math.abs(s.shown - s.truth) / s.truth : NaN));
  return [
    {
      name: 'Events/s tile labelled with its source after the first load',
      value: median(known((s) => sec(s.rateShownMs))),
      unit: 's (median)',
      detail: `per sample: ${list((s) => sec(s.rateShownMs))} (goal ≤ 15 s); first load ${list((s) => sec(s.firstLoadMs))}`,
    },
    {
      name: 'Events/s tile vs the streams’ real rate',
      value: median(errors.map((e) => Math.round(e * 1000) / 10)),
      unit: '% off (median)',
      detail: `shown vs truth per sample: ${samples.map((s) => `${s.shown} vs ${s.truth.toFixed(2)}`).join(', ')} (goal ±30 %)`,
    },
    {
      name: '"Stall the notifier" → finding naming notifications on the home page',
      value: median(known((s) => sec(s.openMs))),
      unit: 's (median)',
      detail: `per sample: ${list((s) => sec(s.openMs))} (goal ≤ 60 s)`,
    },
    {
      name: 'Home page reloaded every 10 s while stalled: reloads without the finding',
      value: samples.reduce((a, s) => a + s.absent, 0),
      unit: 'reloads',
      detail: `per sample: ${samples.map((s) => `${s.absent} of ${s.reloads}, ${s.flips} flips`).join('; ')} over ${RELOAD_MS / 1000} s (goal 0 flips)`,
    },
    {
      name: 'After Reset, the finding closes',
      value: median(known((s) => sec(s.closeMs))),
      unit: 's (median)',
      detail: `per sample: ${list((s) => sec(s.closeMs))} (goal ≤ 180 s)`,
    },
    {
      name: 'Webhook messages for it: open / resolved',
      value: samples.reduce((a, s) => a + s.opens + s.resolved, 0),
      unit: 'messages',
      detail: `per sample: ${samples.map((s) => `${s.opens} open, ${s.resolved} resolved`).join('; ')} (goal 1 and 1)`,
    },
  ];
}
