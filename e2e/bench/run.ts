import '../../server/launch/quiet-sdk-warning';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchDynamoDb } from './emulator-dynamodb';
import { benchSqs } from './emulator-sqs';
import { benchFlow } from './flow-discovery';
import { benchFlowLayout } from './flow-layout';
import { benchHealth } from './health';
import { benchHealthDemo } from './health-demo';
import { benchTraces } from './traces';
import { benchDlqApart } from './dlq-apart';
import { benchEnvironments } from './environments';
import { benchDlqClassify } from './dlq-classify';
import { benchLogsFilter } from './logs-filter';
import { benchQueuesDlq } from './queues-dlq';
import { benchQueuesCold } from './queues-cold';
import { benchQueuesList } from './queues-list';
import { benchQueuesRedrive } from './queues-redrive';
import { benchQueueSampling } from './queue-sampling';
import { benchLiveFanout } from './live-fanout';
import { benchLiveLatency } from './live-latency';
import { benchLiveThroughput } from './live-throughput';
import { benchPeers } from './peers';
import { benchSseMemory } from './sse-memory';
import { benchConsumerHarm, benchTraceLatency } from './stream-reads';
import { benchSns } from './sns';
import type { BenchRow } from './types';

/**
 * `npm run bench [-- name…]` and `npm run bench:emulator`: runs benchmarks (never part of
 * `npm test` — timings on a shared machine are figures to read, not pass/fail conditions),
 * prints a Markdown table and writes `bench-results.json`.
 */
const BENCHMARKS: Record<string, { group: 'emulator' | 'app'; run: () => Promise<BenchRow[]> }> = {
  'emulator-dynamodb': { group: 'emulator', run: benchDynamoDb },
  'emulator-sqs': { group: 'emulator', run: benchSqs },
  peers: { group: 'emulator', run: benchPeers },
  'emulator-logs-filter': { group: 'emulator', run: benchLogsFilter },
  'flow-discovery': { group: 'app', run: benchFlow },
  'flow-layout': { group: 'app', run: benchFlowLayout },
  traces: { group: 'app', run: benchTraces },
  'queues-dlq': { group: 'app', run: benchQueuesDlq },
  'dlq-apart': { group: 'app', run: benchDlqApart },
  'dlq-classify': { group: 'app', run: benchDlqClassify },
  'queues-list': { group: 'app', run: benchQueuesList },
  'queues-cold': { group: 'app', run: benchQueuesCold },
  'queues-redrive': { group: 'app', run: benchQueuesRedrive },
  'queue-sampling': { group: 'app', run: benchQueueSampling },
  health: { group: 'app', run: benchHealth },
  'health-demo': { group: 'app', run: benchHealthDemo },
  'live-latency': { group: 'app', run: benchLiveLatency },
  'live-fanout': { group: 'app', run: benchLiveFanout },
  'live-throughput': { group: 'app', run: benchLiveThroughput },
  'trace-latency': { group: 'app', run: benchTraceLatency },
  'consumer-harm': { group: 'app', run: benchConsumerHarm },
  'sse-memory': { group: 'app', run: benchSseMemory },
  sns: { group: 'app', run: benchSns },
  environments: { group: 'app', run: benchEnvironments },
};

function pickBenchmarks(args: string[]): string[] {
  if (args.includes('--emulator')) return Object.keys(BENCHMARKS).filter((name) => BENCHMARKS[name].group === 'emulator');
  const names = args.filter((a) => !a.startsWith('--'));
  if (names.length === 0) return Object.keys(BENCHMARKS);
  const unknown = names.filter((n) => !BENCHMARKS[n]);
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  return names;
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

async function main(): Promise<void> {
  const names = pickBenchmarks(process.argv.slice(2));
  const results: { benchmark: string; rows: BenchRow[] }[] = [];
  for (const name of names) {
    console.error(`Running ${name}…`);
    results.push({ benchmark: name, rows: await BENCHMARKS[name].run() });
  }
  const lines = ['| benchmark | measure | value | unit | detail |', '|---|---|---:|---|---|'];
  for (const { benchmark, rows } of results) {
    for (const row of rows) lines.push(`| ${benchmark} | ${row.name} | ${format(row.value)} | ${row.unit} | ${row.detail ?? ''} |`);
  }
  console.log(lines.join('\n'));
  const machine = { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30) };
  writeFileSync('bench-results.json', `${JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2)}\n`);
  console.error('Wrote bench-results.json');
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
