import { startDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { sleep } from './live-support';
import type { BenchRow } from './types';

const MEASURE_MS = 20_000;
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
    viewers.push(openViewer(url));
    const one = await measure();
    for (let i = 1; i < 50; i++) viewers.push(openViewer(url));
    const fifty = await measure();
    const diff = Math.abs(fifty.perShardPerSecond - one.perShardPerSecond) / one.perShardPerSecond;
    return [
      { name: 'GetRecords per shard per second, 1 viewer', value: one.perShardPerSecond, unit: 'calls/s', detail: `${one.shards} shards, Eddy + order-projector, over ${MEASURE_MS / 1000} s` },
      { name: 'GetRecords per shard per second, 50 viewers', value: fifty.perShardPerSecond, unit: 'calls/s', detail: `${fifty.shards} shards, over ${MEASURE_MS / 1000} s` },
      { name: 'difference 1 vs 50 viewers', value: diff * 100, unit: '%', detail: 'goal: < 5 %' },
      {
        name: 'readers per shard with 50 viewers',
        value: fifty.maxReaders,
        unit: 'chains',
        detail: 'from /_eddy/stats shardReaders: order-projector + Eddy’s one reader (DynamoDB Streams allows 2)',
      },
    ];
  } finally {
    for (const v of viewers) v.abort();
    await demo.stop();
  }
}
