import { startDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { sleep } from './live-support';
import type { BenchRow } from './types';

const MEASURE_MS = 25_000;
const SETTLE_MS = 4_000;
const GET_RECORDS = 'DynamoDBStreams_20120810.GetRecords';

interface Stats {
  requests: Record<string, number>;
  shardReaders: Record<string, number>;
}

/** An SSE viewer of the orders stream that reads and discards what it is sent. */
function openViewer(url: string): AbortController {
  const controller = new AbortController();
  void fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } })
    .then(async (res) => {
      const reader = res.body?.getReader();
      while (reader && !(await reader.read()).done);
    })
    .catch(() => undefined);
  return controller;
}

/**
 * Fan-out: GetRecords calls per shard per second at the emulator, with 1 and with 50 concurrent
 * SSE viewers of `orders`. The demo's own consumer (order-projector) reads too, the same in both
 * phases, so the difference between the phases is what extra viewers cost: nothing, if Eddy
 * holds one reader per shard.
 */
export async function benchLiveFanout(): Promise<BenchRow[]> {
  const demo = await startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), shardRolloverMinutes: 240 });
  const viewers: AbortController[] = [];
  const stats = async (): Promise<Stats> => (await (await fetch(`${demo.emulatorUrl}/_eddy/stats`)).json()) as Stats;
  const url = `${demo.appUrl}/api/streams/orders/events?start=live`;
  const measure = async () => {
    await sleep(SETTLE_MS);
    const before = await stats();
    const t0 = Date.now();
    await sleep(MEASURE_MS);
    const after = await stats();
    const seconds = (Date.now() - t0) / 1000;
    const shards = Object.keys(after.shardReaders).length || 1;
    return {
      perShardPerSecond: ((after.requests[GET_RECORDS] ?? 0) - (before.requests[GET_RECORDS] ?? 0)) / shards / seconds,
      maxReaders: Math.max(...Object.values(after.shardReaders)),
      shards,
    };
  };
  try {
    // 1, 50, 1, 50 viewers: alternating phases cancel the demo traffic's own drift.
    viewers.push(openViewer(url));
    const oneA = await measure();
    for (let i = 1; i < 50; i++) viewers.push(openViewer(url));
    const fiftyA = await measure();
    for (const v of viewers.splice(1)) v.abort();
    const oneB = await measure();
    for (let i = 1; i < 50; i++) viewers.push(openViewer(url));
    const fiftyB = await measure();
    const one = (oneA.perShardPerSecond + oneB.perShardPerSecond) / 2;
    const fifty = (fiftyA.perShardPerSecond + fiftyB.perShardPerSecond) / 2;
    const diff = Math.abs(fifty - one) / one;
    const phases = (a: number, b: number) => `phases ${a.toFixed(2)} and ${b.toFixed(2)}`;
    return [
      { name: 'GetRecords per shard per second, 1 viewer', value: one, unit: 'calls/s', detail: `${oneA.shards} shards, Eddy + order-projector, mean of 2 × ${MEASURE_MS / 1000} s (${phases(oneA.perShardPerSecond, oneB.perShardPerSecond)})` },
      { name: 'GetRecords per shard per second, 50 viewers', value: fifty, unit: 'calls/s', detail: `mean of 2 × ${MEASURE_MS / 1000} s (${phases(fiftyA.perShardPerSecond, fiftyB.perShardPerSecond)})` },
      { name: 'difference 1 vs 50 viewers', value: diff * 100, unit: '%', detail: 'goal: < 5 %' },
      {
        name: 'readers per shard with 50 viewers',
        value: Math.max(fiftyA.maxReaders, fiftyB.maxReaders),
        unit: 'chains',
        detail: 'from /_eddy/stats shardReaders: order-projector + Eddy’s one reader (DynamoDB Streams allows 2)',
      },
    ];
  } finally {
    for (const v of viewers) v.abort();
    await demo.stop();
  }
}
