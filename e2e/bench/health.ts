import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoConfiguration, mapping, queue } from '../../lib/flow/fixtures/demo-config';
import { openFindings, stepFindings, type Tracked } from '../../lib/health/hysteresis';
import { evaluateRules, type HealthInputs } from '../../lib/health/rules';
import { DEFAULT_HEALTH_THRESHOLDS } from '../../lib/health/thresholds';
import type { QueueSample } from '../../lib/types/queues';
import { ensureBuild, startApp } from '../../server/launch/app';
import { getFreePort } from '../../server/launch/ports';
import { startEmulator } from '../../server/emulator/index';
import { accountAppEnv, createAccount } from './flow-discovery';
import type { BenchRow } from './types';

/**
 * Calls are counted over this long with no page open (the engine alone): five minutes by default,
 * so the window holds the engine's five-minutely structure read beside its minutely samples
 * (`BENCH_HEALTH_IDLE_SECONDS` shortens a trial run). Then over a minute with a page polling the
 * flow every 10 s, as the home page does.
 */
const WINDOW_MS = Number(process.env.BENCH_HEALTH_IDLE_SECONDS ?? 300) * 1000;
const WATCHED_WINDOW_MS = 60_000;
const CPU_RUNS = 20;

async function requests(emulatorUrl: string): Promise<Record<string, number>> {
  return ((await (await fetch(`${emulatorUrl}/_eddy/stats`)).json()) as { requests: Record<string, number> }).requests;
}

async function evaluations(appUrl: string): Promise<number> {
  return ((await (await fetch(`${appUrl}/api/alerts`)).json()) as { evaluations: number }).evaluations;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Inputs at the flow benchmark's size: 300 source queues with 300 DLQs and 400 plain queues, each
 * with the sampler's full history (400 samples), 200 mappings with CloudWatch figures; some
 * queues growing, some DLQs receiving, some functions failing, so every rule has work.
 */
function largeInputs(now: number): HealthInputs {
  const base = demoConfiguration();
  const queues = [];
  const mappings = [];
  const histories = new Map<string, QueueSample[]>();
  const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
  for (let i = 0; i < 300; i++) {
    queues.push(queue(`bench-dlq-${i}`, { retentionSeconds: 1_209_600 }));
    queues.push(queue(`bench-queue-${i}`, { redrivePolicy: { deadLetterTargetArn: arn(`bench-dlq-${i}`), maxReceiveCount: 3 } }));
  }
  for (let i = 0; i < 400; i++) queues.push(queue(`bench-plain-${i}`));
  for (let i = 0; i < 200; i++) {
    mappings.push(
      i < 100
        ? mapping(`uuid-${i}`, `bench-fn-${i}`, `arn:aws:dynamodb:us-east-1:000000000000:table/bench-table-${i}/stream/2026-11-27T06:00:00.000`, { maximumRetryAttempts: 3 })
        : mapping(`uuid-${i}`, `bench-fn-${i}`, arn(`bench-queue-${i - 100}`)),
    );
  }
  queues.forEach((q, k) => {
    const growing = k % 10 === 0;
    histories.set(
      q.name,
      Array.from({ length: 400 }, (_, s) => ({ at: now - (399 - s) * 10_000, visible: growing ? s : 5 + (s % 3), inFlight: k % 20 === 0 ? 0 : 1, delayed: 0 })),
    );
  });
  return {
    now,
    config: { ...base, queues, mappings },
    queueHistory: (name) => histories.get(name) ?? [],
    oldestAgeSeconds: new Map(queues.map((q, k) => [q.name, { value: k % 7 === 0 ? 900 : 30, at: now }])),
    iteratorAgeMs: new Map(mappings.slice(0, 100).map((m, k) => [m.functionName, { value: k % 5 === 0 ? 120_000 : 1_000, at: now }])),
    errorCounts: new Map(mappings.map((m, k) => [m.functionName, { errors: k % 4 === 0 ? 30 : 0, invocations: 100, at: now }])),
  };
}

/**
 * `npm run bench -- health`: what the health engine costs at the flow benchmark's account (200
 * tables, 200 mappings, 1,000 queues) — AWS calls per minute with no page open, and the CPU time
 * of one evaluation (the rules and the no-flapping step over the sampler's full histories).
 */
export async function benchHealth(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // CPU of one evaluation, in process: no I/O, just the rules over the inputs.
  let tracked = new Map<string, Tracked>();
  const cpu: number[] = [];
  let open = 0;
  for (let i = 0; i < CPU_RUNS; i++) {
    const now = 1_800_000_000_000 + i * 15_000;
    const inputs = largeInputs(now);
    const before = process.cpuUsage();
    const holding = evaluateRules(inputs, DEFAULT_HEALTH_THRESHOLDS);
    tracked = stepFindings(tracked, holding, now, { openAfter: 2, closeAfterMs: 120_000 }).tracked;
    open = openFindings(tracked).length;
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  rows.push({
    name: 'CPU time of one evaluation (1,000 queues × 400 samples, 200 mappings)',
    value: percentile(cpu, 50),
    unit: 'ms p50',
    detail: `p95 ${percentile(cpu, 95).toFixed(1)} ms over ${CPU_RUNS} evaluations; ${open} findings open`,
  });

  ensureBuild((line) => console.error(line));
  const emulator = await startEmulator({ port: await getFreePort() });
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-health-'));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  try {
    await createAccount(emulator.url);
    app = await startApp({ port: await getFreePort(), env: accountAppEnv(emulator.url, dir) });
    // The engine starts with the server: let it discover the account and settle, with no page open.
    const warmUntil = Date.now() + 120_000;
    while ((await evaluations(app.url)) < 2 && Date.now() < warmUntil) await new Promise((resolve) => setTimeout(resolve, 1_000));
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const measure = async (name: string, windowMs: number, during: () => Promise<void> = () => Promise.resolve()) => {
      const startCalls = await requests(emulator.url);
      const startEvaluations = await evaluations(app!.url);
      const started = Date.now();
      const until = started + windowMs;
      await during();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now())));
      const endCalls = await requests(emulator.url);
      const elapsedMs = Date.now() - started;
      const evaluated = (await evaluations(app!.url)) - startEvaluations;
      const delta: Record<string, number> = {};
      for (const op of Object.keys(endCalls)) if (endCalls[op] - (startCalls[op] ?? 0) > 0) delta[op] = endCalls[op] - (startCalls[op] ?? 0);
      const total = Object.values(delta).reduce((a, b) => a + b, 0);
      rows.push({
        name,
        value: (total / elapsedMs) * 60_000,
        unit: 'calls/min',
        detail: `${evaluated} evaluations in ${Math.round(elapsedMs / 1000)} s; ${Object.entries(delta)
          .sort((a, b) => b[1] - a[1])
          .map(([op, n]) => `${op.replace(/^.*\./, '')} ${n}`)
          .join(', ')}`,
      });
    };
    await measure('AWS calls per minute, engine alone (no page open)', WINDOW_MS);
    // A page watching: the flow polled every 10 s, as the home page does (the sampler's 10 s pace).
    await measure('AWS calls per minute, a page polling the flow every 10 s', WATCHED_WINDOW_MS, async () => {
      for (let t = 0; t < WATCHED_WINDOW_MS; t += 10_000) {
        await fetch(`${app!.url}/api/flow`).then((r) => r.arrayBuffer());
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      }
    });
  } finally {
    await app?.stop();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
