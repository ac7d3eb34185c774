import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { FailureApart } from '../../lib/queues/failure-apart';
import { startDemo } from '../../server/launch/demo';
import { CATALOGUE } from '../../server/sim/catalogue';
import { getFreePort } from '../../server/launch/ports';
import { percentile, timedGet } from './queues-support';
import type { BenchRow } from './types';

const MESSAGES = 10_000;
const RUNS = 6;
/** The server honours `refresh=1` at most every 5 s: each run waits that long after the last. */
const REFRESH_GAP_MS = 5_200;

const FRAGILE = CATALOGUE.filter((p) => p.fragile);
let seed = 42;
/** A seeded draw in [0, 1): the same dead letters on every run. */
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const STURDY = CATALOGUE.filter((p) => !p.fragile);

/**
 * "What sets these failures apart" on a 10,000-message DLQ: the demo (its orders stream is the
 * baseline) with `fulfillment-dlq` filled with 10,000 order messages shaped like the worker's
 * dead letters; `GET /api/queues/fulfillment-dlq/failure-apart?refresh=1`, time and SQS calls.
 */
export async function benchDlqApart(): Promise<BenchRow[]> {
  const demo = await startDemo({ appPort: await getFreePort(), emulatorPort: await getFreePort(), appEnv: { EDDY_DATA_DIR: `.eddy/bench-apart-${process.pid}` } });
  try {
    const url = demo.simulation.resources.queues['fulfillment-dlq'].url;
    let n = 0;
    const batches = Math.ceil(MESSAGES / 10);
    for (let b = 0; b < batches; b += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, batches - b) }, () =>
          demo.clients.sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: url,
              Entries: Array.from({ length: 10 }, (_, j) => {
                const i = n++;
                // Shaped like the demo's fulfillment dead letters: a fragile line, sometimes a sturdy one.
                const lines = [pick(FRAGILE), ...(random() < 0.5 ? [pick(STURDY)] : [])];
                const items = lines.map((p) => ({ sku: p.sku, quantity: 1 + Math.floor(random() * 3), unitPrice: p.unitPrice }));
                const total = Math.round(items.reduce((sum, it) => sum + it.quantity * it.unitPrice * 100, 0)) / 100;
                const orderId = `ord-bench-${i}`;
                return {
                  Id: `m${j}`,
                  MessageBody: JSON.stringify({ orderId, customerId: `cust-${String(1 + Math.floor(random() * 400)).padStart(4, '0')}`, items, total }),
                  MessageAttributes: { orderId: { DataType: 'String', StringValue: orderId }, eventType: { DataType: 'String', StringValue: 'OrderPlaced' } },
                };
              }),
            }),
          ),
        ),
      );
    }
    // The live tail of `orders` running (as it is once anyone opened the flow or the stream),
    // with a spike so its ring holds a few hundred recent orders for the baseline.
    const tailUntil = Date.now() + 25_000;
    demo.simulation.spike({ factor: 10, durationMs: 20_000 });
    while (Date.now() < tailUntil) {
      await (await fetch(`${demo.appUrl}/api/streams/orders`)).body?.cancel();
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const endpoint = `${demo.appUrl}/api/queues/fulfillment-dlq/failure-apart?refresh=1`;
    const times: number[] = [];
    const calls: number[] = [];
    let last: FailureApart | undefined;
    let cold: { ms: number; body: FailureApart } | undefined;
    for (let run = 0; run < RUNS + 1; run++) {
      if (run > 0) await new Promise((r) => setTimeout(r, REFRESH_GAP_MS));
      const { ms, body } = await timedGet<FailureApart>(endpoint);
      if (body.cached) throw new Error('the analysis came from the cache: the refresh gap is too short');
      // The first run pays for the server's first compile and the stream's first read.
      if (run === 0) {
        cold = { ms, body };
        continue;
      }
      times.push(ms);
      calls.push(body.sqsCalls);
      last = body;
    }
    const cachedMs = (await timedGet<FailureApart>(endpoint.replace('?refresh=1', ''))).ms;
    const top = last?.values.slice(0, 3).map((v) => `${v.path} = ${v.value}`).join(', ') ?? '—';
    return [
      {
        name: `failure-apart analysis of a ${MESSAGES.toLocaleString('en-US')}-message DLQ`,
        value: percentile(times, 50),
        unit: 'ms (p50)',
        detail: `p95 ${percentile(times, 95).toFixed(0)} ms over ${RUNS} runs; ${last?.failuresRead ?? 0} dead letters read (the bound) against ${last?.baseline?.records ?? 0} stream items; top: ${top}; served from cache in ${cachedMs.toFixed(0)} ms; the first (cold) analysis took ${cold?.ms.toFixed(0)} ms (${JSON.stringify(cold?.body.timings)}); later runs reuse the stream's baseline for 60 s (${JSON.stringify(last?.timings)})`,
      },
      { name: 'SQS calls per analysis', value: percentile(calls, 50), unit: 'calls', detail: 'GetQueueUrl, GetQueueAttributes, the receives (10 a call) and the releases (ChangeMessageVisibilityBatch, 10 a call)' },
    ];
  } finally {
    await demo.stop();
  }
}
