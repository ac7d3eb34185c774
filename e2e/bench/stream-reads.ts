import { ChangeMessageVisibilityBatchCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { startDemo, type RunningDemo } from '../../server/launch/demo';
import { getFreePort } from '../../server/launch/ports';
import { percentile, sleep } from './live-support';
import type { BenchRow } from './types';

/** Eddy's default budget of GetRecords per shard per second (EDDY_SHARD_READS_PER_SECOND). */
const EDDY_BUDGET = 4;

interface ShardStats {
  readers: number;
  getRecordsPerSecond: Record<string, number>;
  throttled: Record<string, number>;
}

interface Stats {
  requests: Record<string, number>;
  shards: Record<string, ShardStats>;
}

/** An SSE viewer of a stream that reads and discards what it is sent, as a browser tab would. */
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

/** Up to `count` distinct message ids of a queue, peeked with a 1 s lease and released at once. */
async function messageIds(demo: RunningDemo, queue: string, count: number, waitMs = 120_000): Promise<string[]> {
  const { QueueUrl } = await demo.clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  const ids = new Set<string>();
  const deadline = Date.now() + waitMs;
  while (ids.size < count && Date.now() < deadline) {
    const out = await demo.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 1 }));
    const messages = out.Messages ?? [];
    for (const m of messages) if (m.MessageId) ids.add(m.MessageId);
    if (messages.length > 0) {
      await demo.clients.sqs.send(
        new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })) }),
      );
    }
    if (ids.size === 0) await sleep(1_000);
    else if (ids.size < count) await sleep(300);
  }
  if (ids.size === 0) throw new Error(`No message appeared in ${queue} within ${waitMs / 1000} s`);
  return [...ids].slice(0, count);
}

async function timed(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return performance.now() - started;
}

function startDemoForBench(): Promise<RunningDemo> {
  return (async () => startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), appEnv: { EDDY_DATA_DIR: `.eddy/bench-${process.pid}` } }))();
}

/**
 * Trace latency under load: traces of `order-projector-failures` records (a Lambda on-failure
 * record, resolved to its stream records) and of `fulfillment-dlq` messages while the home page's
 * flow figures refresh every 5 s and three live tails of `orders` are open (three SSE viewers
 * with different filters). Distinct messages, cold first runs included: p50 and p99 per kind.
 */
export async function benchTraceLatency(): Promise<BenchRow[]> {
  const demo = await startDemoForBench();
  const viewers: AbortController[] = [];
  let homeRunning = true;
  try {
    for (const filter of ['', '?type=INSERT', '?type=MODIFY']) viewers.push(openViewer(`${demo.appUrl}/api/streams/orders/events${filter}`));
    // The home page: its flow figures (which keep a tail of each stream) every 5 s.
    const home = (async () => {
      while (homeRunning) {
        await fetch(`${demo.appUrl}/api/flow`).then((r) => r.text()).catch(() => undefined);
        await sleep(5_000);
      }
    })();
    await sleep(5_000);
    const failures = await messageIds(demo, 'order-projector-failures', 20);
    const dead = await messageIds(demo, 'fulfillment-dlq', 20);
    const rows: BenchRow[] = [];
    const stats = () => fetch(`${demo.emulatorUrl}/_eddy/stats`).then((r) => r.json() as Promise<Stats>);
    await fetch(`${demo.emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    for (const [name, queue, ids] of [
      ['trace of an on-failure record (order-projector-failures)', 'order-projector-failures', failures],
      ['trace of a DLQ message (fulfillment-dlq)', 'fulfillment-dlq', dead],
    ] as const) {
      const times: number[] = [];
      for (const id of ids) times.push(await timed(`${demo.appUrl}/api/traces/${queue}/${id}`));
      const first = times[0];
      times.sort((a, b) => a - b);
      rows.push({ name: `${name}: p50`, value: percentile(times, 50), unit: 'ms', detail: `${ids.length} distinct messages, home + 3 live tails open; first (cold) ${first.toFixed(0)} ms` });
      rows.push({ name: `${name}: p99`, value: percentile(times, 99), unit: 'ms', detail: `max of ${ids.length}; goal p50 ≤ 2,000 ms, p99 ≤ 5,000 ms` });
    }
    const after = await stats();
    const demoThrottles = Object.values(after.shards).reduce((n, s) => n + (s.throttled['eddy-demo'] ?? 0), 0);
    rows.push({ name: 'demo consumers throttled during the traces', value: demoThrottles, unit: 'calls', detail: 'eddy-demo LimitExceededException from /_eddy/stats' });
    homeRunning = false;
    await home;
    return rows;
  } finally {
    homeRunning = false;
    for (const v of viewers) v.abort();
    await demo.stop();
  }
}

/**
 * Consumer harm: on the demo, 20 viewers of `orders`, a "load older" page every 10 s (paging on
 * from the trim horizon) and a trace every 10 s, for `CONSUMER_HARM_SECONDS` (default 120). From
 * `/_eddy/stats`: the demo's consumers' throttles (goal 0) and Eddy's GetRecords per shard per
 * second (10 s windows sampled every 5 s; goal: within its budget of 4). The demo's traffic runs
 * a ×10 spike through the first half (`CONSUMER_HARM_SPIKE=0` turns it off): the demo's consumers
 * then read full pages back to back, the load where a reader that asks too often gets throttled.
 */
export async function benchConsumerHarm(): Promise<BenchRow[]> {
  const seconds = Number(process.env.CONSUMER_HARM_SECONDS ?? 120);
  const spike = process.env.CONSUMER_HARM_SPIKE !== '0';
  const demo = await startDemoForBench();
  const viewers: AbortController[] = [];
  try {
    for (let i = 0; i < 20; i++) viewers.push(openViewer(`${demo.appUrl}/api/streams/orders/events`));
    const failures = await messageIds(demo, 'order-projector-failures', 20);
    await fetch(`${demo.emulatorUrl}/_eddy/stats`, { method: 'DELETE' });
    if (spike) {
      await fetch(`${demo.controlUrl}/spike`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ factor: 10, durationMs: (seconds * 1000) / 2 }) });
    }
    const stats = () => fetch(`${demo.emulatorUrl}/_eddy/stats`).then((r) => r.json() as Promise<Stats>);
    const eddyRates: number[] = [];
    const demoRates: number[] = [];
    const olderTimes: number[] = [];
    const traceTimes: number[] = [];
    let after: string | undefined;
    const started = Date.now();
    let tick = 0;
    while (Date.now() - started < seconds * 1000) {
      if (tick % 2 === 0) {
        const page = `${demo.appUrl}/api/streams/orders/history?start=trim_horizon&limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const t0 = performance.now();
        const res = await fetch(page);
        const body = (await res.json()) as { next?: string };
        olderTimes.push(performance.now() - t0);
        after = res.ok ? body.next : undefined;
        traceTimes.push(await timed(`${demo.appUrl}/api/traces/order-projector-failures/${failures[(tick / 2) % failures.length]}`));
      }
      const now = await stats();
      for (const shard of Object.values(now.shards)) {
        eddyRates.push(shard.getRecordsPerSecond.eddy ?? 0);
        demoRates.push(shard.getRecordsPerSecond['eddy-demo'] ?? 0);
      }
      tick++;
      await sleep(5_000);
    }
    const final = await stats();
    const sum = (app: string) => Object.values(final.shards).reduce((n, s) => n + (s.throttled[app] ?? 0), 0);
    eddyRates.sort((a, b) => a - b);
    olderTimes.sort((a, b) => a - b);
    traceTimes.sort((a, b) => a - b);
    const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
    return [
      { name: 'demo consumers (eddy-demo) throttled', value: sum('eddy-demo'), unit: 'calls', detail: `over ${seconds} s${spike ? ', a ×10 traffic spike the first half' : ''}: 20 viewers of orders, a load-older and a trace every 10 s; goal 0` },
      { name: 'Eddy throttled', value: sum('eddy'), unit: 'calls', detail: 'LimitExceededException answers to Eddy (it backs off)' },
      { name: 'Eddy GetRecords per shard per second: max', value: eddyRates[eddyRates.length - 1] ?? 0, unit: 'calls/s', detail: `10 s windows sampled every 5 s on every shard; mean ${mean(eddyRates).toFixed(2)}; budget ${EDDY_BUDGET}` },
      { name: 'demo consumers GetRecords per shard per second: mean', value: mean(demoRates), unit: 'calls/s', detail: `max ${Math.max(0, ...demoRates).toFixed(2)}; Lambda polls 4/s per shard; the emulator throttles above 10/s per shard` },
      { name: 'load older page: p50', value: percentile(olderTimes, 50), unit: 'ms', detail: `p99 ${percentile(olderTimes, 99).toFixed(0)} ms over ${olderTimes.length} pages from the trim horizon` },
      { name: 'trace during the run: p50', value: percentile(traceTimes, 50), unit: 'ms', detail: `p99 ${percentile(traceTimes, 99).toFixed(0)} ms over ${traceTimes.length} traces` },
    ];
  } finally {
    for (const v of viewers) v.abort();
    await demo.stop();
  }
}
