import os from 'node:os';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from '../chromium';
import { percentile, startQueueBenchStack } from './queues-support';
import type { BenchRow } from './types';

const QUEUES = 1_000;
/** Loads after the first: each follows a queue created just before, which no sampled figures cover. */
const RUNS = 6;

interface Load {
  /** The first queue name drawn in the table, from navigation start (ms). */
  names: number;
  /** Every figure read (the table no longer busy), from navigation start (ms). */
  figures: number;
  /** Whether the server painted names only (no current figures covered every queue). */
  namesFirst: boolean;
}

async function loadQueues(browser: Browser, appUrl: string): Promise<Load> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    const table = page.getByRole('table', { name: 'Queues' });
    const t = performance.now();
    await page.goto(`${appUrl}/queues`, { waitUntil: 'commit' });
    await table.getByRole('link').first().waitFor({ state: 'visible', timeout: 120_000 });
    const names = performance.now() - t;
    const namesFirst = (await table.getAttribute('aria-busy')) === 'true';
    await page.locator('table[aria-label="Queues"][aria-busy="false"]').waitFor({ timeout: 120_000 });
    const figures = performance.now() - t;
    return { names, figures, namesFirst };
  } finally {
    await page.close();
  }
}

const load1 = () => os.loadavg()[0].toFixed(1);
const ms = (values: number[]) => `p50 ${Math.round(percentile(values, 50))} ms, p90 ${Math.round(percentile(values, 90))} ms`;

/**
 * `/queues` in Chromium with 1,000 queues and no current figures: when the first names are drawn
 * and when every figure is (the sampler's refresh of 1,000 GetQueueAttributes, 16 at a time).
 */
export async function benchQueuesCold(): Promise<BenchRow[]> {
  const stack = await startQueueBenchStack();
  const browser = await chromium.launch({ executablePath: resolveChromium(), args: CHROMIUM_ARGS });
  try {
    const names = Array.from({ length: QUEUES }, (_, i) => `cold-q-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((QueueName) => stack.sqs.send(new CreateQueueCommand({ QueueName }))));
    const loadBefore = load1();

    // The server's first page: nothing sampled yet.
    const first = await loadQueues(browser, stack.app.url);
    const loads: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      await stack.sqs.send(new CreateQueueCommand({ QueueName: `cold-new-${i}` }));
      loads.push(await loadQueues(browser, stack.app.url));
    }
    const load = `1-min load average ${loadBefore} before, ${load1()} after, ${os.cpus().length} cores`;
    const namesFirst = loads.filter((l) => l.namesFirst).length;
    return [
      {
        name: '/queues first load after start, names drawn',
        value: first.names,
        unit: 'ms',
        detail: `${first.namesFirst ? 'names first' : 'figures at once'}; every figure after ${Math.round(first.figures)} ms; includes the server's first render; ${load}`,
      },
      {
        name: '/queues without current figures, names drawn',
        value: percentile(loads.map((l) => l.names), 50),
        unit: 'ms (p50)',
        detail: `${ms(loads.map((l) => l.names))} over ${RUNS} loads, each after a new queue (${namesFirst} of ${RUNS} painted names first); ${load}`,
      },
      {
        name: '/queues without current figures, every figure drawn',
        value: percentile(loads.map((l) => l.figures), 50),
        unit: 'ms (p50)',
        detail: `${ms(loads.map((l) => l.figures))} over ${RUNS} loads: one sampler refresh of ${QUEUES + 1}+ queues, GetQueueAttributes 16 at a time; ${load}`,
      },
    ];
  } finally {
    await browser.close();
    await stack.stop();
  }
}
