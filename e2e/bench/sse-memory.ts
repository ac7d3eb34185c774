import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEmulator } from '../../server/emulator/index';
import { ensureBuild, startApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';
import { createStreamTable, pidOnPort, rssMiB, sleep } from './live-support';
import type { BenchRow } from './types';

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const RECORDS_PER_SECOND = 2_000;
const BATCH = 25;
const SAMPLE_MS = 5_000;
const MiB = 2 ** 20;

interface Sample {
  atS: number;
  rssMiB: number;
  heapMiB: number;
}

/** The server process's heap as the preloaded probe last wrote it. */
function heapMiB(dir: string, pid: number): number {
  try {
    return (JSON.parse(readFileSync(path.join(dir, `${pid}.json`), 'utf8')) as { heapUsed: number }).heapUsed / MiB;
  } catch {
    return NaN;
  }
}

/**
 * Server memory with one SSE viewer that reads nothing: the dashboard's RSS and heap over
 * BENCH_SECONDS (default 300) while a table takes ~2,000 records/s (BatchWriteItem, 25 a call)
 * and one connection to its live events never reads a byte. Backpressure holds if the end is
 * near the start; without it the server would queue every event for that viewer.
 */
export async function benchSseMemory(): Promise<BenchRow[]> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 300);
  ensureBuild((line) => console.error(line));
  const probeDir = mkdtempSync(path.join(os.tmpdir(), 'eddy-memory-'));
  const emulator = await startEmulator({ port: await getFreePort(), shardsPerStream: 2, shardRolloverMinutes: 240 });
  const dynamodb = new DynamoDBClient({ endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 3 });
  const app = await startApp({
    port: await getFreePort(),
    env: {
      AWS_ENDPOINT_URL: emulator.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_PROFILE: undefined,
      EDDY_EMULATOR_PORT: String(emulator.port),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(path.join(__dirname, 'memory-probe.mjs')).href}`.trim(),
      EDDY_MEMORY_PROBE_DIR: probeDir,
    },
  });
  const viewer = new AbortController();
  let writing = true;
  let written = 0;
  try {
    await createStreamTable(dynamodb, 'orders', 'orderId');
    const pid = pidOnPort(app.port);
    if (!pid) throw new Error('No process listens on the dashboard port');
    // The viewer: opens the stream, gets the headers, then never reads.
    const response = await fetch(`${app.url}/api/streams/orders/events?start=live`, { signal: viewer.signal, headers: { accept: 'text/event-stream' } });
    if (!response.ok) throw new Error(`The events stream answered ${response.status}`);

    const writeStart = Date.now();
    const writer = async (lane: number, lanes: number) => {
      for (let n = lane; writing; n += lanes) {
        const due = writeStart + ((n * BATCH) / RECORDS_PER_SECOND) * 1000;
        if (due > Date.now()) await sleep(due - Date.now());
        const items = Array.from({ length: BATCH }, (_, i) => ({
          PutRequest: { Item: { orderId: { S: `o-${(n * BATCH + i) % 20_000}` }, n: { N: String(n * BATCH + i) }, status: { S: 'PAID' }, note: { S: 'x'.repeat(100) } } },
        }));
        try {
          await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { orders: items } }));
          written += BATCH;
        } catch {
          // A busy emulator: the rate reported is what was written.
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, lane) => writer(lane, 4));

    const samples: Sample[] = [];
    const t0 = Date.now();
    const sample = () => samples.push({ atS: Math.round((Date.now() - t0) / 1000), rssMiB: rssMiB(pid), heapMiB: heapMiB(probeDir, pid) });
    sample();
    while (Date.now() - t0 < seconds * 1000) {
      await sleep(Math.min(SAMPLE_MS, seconds * 1000 - (Date.now() - t0)));
      sample();
    }
    writing = false;
    await Promise.all(writers);
    const rate = written / ((Date.now() - writeStart) / 1000);
    const start = samples[0];
    const end = samples[samples.length - 1];
    const peakRss = Math.max(...samples.map((s) => s.rssMiB));
    const peakHeap = Math.max(...samples.map((s) => s.heapMiB).filter((h) => !Number.isNaN(h)));
    const over = samples.map((s) => `${s.atS}s ${s.rssMiB.toFixed(0)}/${s.heapMiB.toFixed(0)}`).join(', ');
    console.error(`sse-memory samples (RSS/heap MiB): ${over}`);
    const detail = `one viewer reading nothing for ${seconds} s at ${Math.round(rate).toLocaleString('en-US')} records/s written`;
    return [
      { name: 'server RSS at start', value: start.rssMiB, unit: 'MiB', detail },
      { name: 'server RSS peak', value: peakRss, unit: 'MiB', detail: `samples every ${SAMPLE_MS / 1000} s` },
      { name: 'server RSS at end', value: end.rssMiB, unit: 'MiB', detail: `${(end.rssMiB - start.rssMiB).toFixed(1)} MiB over the run` },
      { name: 'server heap used at start', value: start.heapMiB, unit: 'MiB', detail: 'process.memoryUsage().heapUsed via e2e/bench/memory-probe.mjs' },
      { name: 'server heap used peak', value: peakHeap, unit: 'MiB' },
      { name: 'server heap used at end', value: end.heapMiB, unit: 'MiB', detail: `${(end.heapMiB - start.heapMiB).toFixed(1)} MiB over the run` },
      { name: 'records written', value: rate, unit: 'records/s', detail: `goal ${RECORDS_PER_SECOND.toLocaleString('en-US')}/s, BatchWriteItem of ${BATCH}` },
    ];
  } finally {
    writing = false;
    viewer.abort();
    await app.stop();
    dynamodb.destroy();
    await emulator.stop();
    rmSync(probeDir, { recursive: true, force: true });
  }
}
