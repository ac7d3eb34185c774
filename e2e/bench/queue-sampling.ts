import { startDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { launchChromium, sleep } from './live-support';
import type { BenchRow } from './types';

/** Long enough for the samplers to settle into their pace after the pages' first load. */
const WARMUP_MS = 25_000;
/** One minute, so the figure reads as calls per minute without scaling. */
const WINDOW_MS = 60_000;

/** GetQueueAttributes requests the emulator has served so far (`/_eddy/stats`). */
async function attributeCalls(emulatorUrl: string): Promise<number> {
  const stats = (await (await fetch(`${emulatorUrl}/_eddy/stats`)).json()) as { requests: Record<string, number> };
  return stats.requests['AmazonSQS.GetQueueAttributes'] ?? 0;
}

/**
 * What the dashboard costs SQS while someone watches: GetQueueAttributes calls per minute on the
 * demo with the home page (flow graph), the queues list, and both open in Chromium. Counted by the
 * emulator, so every caller in the app counts, whichever module made the call.
 */
export async function benchQueueSampling(): Promise<BenchRow[]> {
  // A fresh demo per measure: a sampler keeps running for minutes after its page closes, so pages
  // measured one after another in one app would count the previous page's sampler too.
  const perMinute = async (paths: string[]): Promise<number> => {
    const demo = await startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), appEnv: { EDDY_DATA_DIR: `.eddy/bench-${process.pid}` } });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      for (const path of paths) await (await context.newPage()).goto(`${demo.appUrl}${path}`);
      await sleep(WARMUP_MS);
      const before = await attributeCalls(demo.emulatorUrl);
      await sleep(WINDOW_MS);
      return (await attributeCalls(demo.emulatorUrl)) - before;
    } finally {
      await browser.close();
      await demo.stop();
    }
  };
  const home = await perMinute(['/']);
  const queues = await perMinute(['/queues']);
  const both = await perMinute(['/', '/queues']);
  const detail = (pages: string) => `${pages} open in Chromium on a fresh demo, counted by the emulator over ${WINDOW_MS / 1000} s after ${WARMUP_MS / 1000} s of warm-up`;
  return [
    { name: 'GetQueueAttributes, home page open', value: home, unit: 'calls/min', detail: detail('/') },
    { name: 'GetQueueAttributes, queues page open', value: queues, unit: 'calls/min', detail: detail('/queues') },
    { name: 'GetQueueAttributes, home + queues pages open', value: both, unit: 'calls/min', detail: detail('/ and /queues') },
  ];
}
