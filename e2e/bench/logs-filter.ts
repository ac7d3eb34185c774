import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startEmulator } from '../../server/emulator/index';
import { percentile } from './queues-support';
import type { BenchRow } from './types';

const EVENTS = 100_000;
const STREAMS = 10;
const RUNS = 7;
/** PutLogEvents takes at most 10,000 events (and 1 MiB) a batch. */
const BATCH = 5_000;

/**
 * FilterLogEvents over a log group of 100,000 events (10 streams, Lambda-like lines, 1 % JSON
 * error lines) in the emulator: each pattern paginated to the end, the time of the whole answer.
 */
export async function benchLogsFilter(): Promise<BenchRow[]> {
  const emulator = await startEmulator({ port: 0 });
  const logs = new CloudWatchLogsClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  try {
    const group = '/aws/lambda/bench-worker';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const start = Date.now() - 3_600_000;
    for (let s = 0; s < STREAMS; s++) {
      const stream = `2026/12/02/[$LATEST]bench${s}`;
      await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      const perStream = EVENTS / STREAMS;
      for (let b = 0; b < perStream; b += BATCH) {
        const logEvents = Array.from({ length: BATCH }, (_, j) => {
          const i = s * perStream + b + j;
          const timestamp = start + Math.floor(((b + j) / perStream) * 3_500_000);
          const message =
            i % 100 === 0
              ? JSON.stringify({ level: 'ERROR', errorType: 'WarehouseRejection', message: `GLASS-VASE is fragile: the carrier refuses it`, orderId: `ord-${i}`, messageId: `m-${i}` })
              : i % 3 === 0
                ? `START RequestId: r-${i} Version: $LATEST`
                : i % 3 === 1
                  ? `INFO processed order ord-${i} in ${i % 50} ms`
                  : `REPORT RequestId: r-${i} Duration: ${(i % 50) + 0.5} ms Billed Duration: ${(i % 50) + 1} ms`;
          return { timestamp, message };
        });
        await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }));
      }
    }

    const patterns: { name: string; pattern: string }[] = [
      { name: 'term ERROR (1 % match)', pattern: 'ERROR' },
      { name: 'JSON { $.orderId = "ord-50000" } (1 match)', pattern: '{ $.orderId = "ord-50000" }' },
      { name: 'quoted phrase "is fragile" or term Exception', pattern: '?"is fragile" ?Exception' },
    ];
    const rows: BenchRow[] = [];
    for (const { name, pattern } of patterns) {
      const times: number[] = [];
      let matched = 0;
      let calls = 0;
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        let token: string | undefined;
        matched = 0;
        calls = 0;
        do {
          const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: pattern, startTime: start, endTime: Date.now(), nextToken: token, limit: 10_000 }));
          calls++;
          matched += out.events?.length ?? 0;
          token = out.nextToken;
        } while (token);
        times.push(performance.now() - t);
      }
      rows.push({
        name: `FilterLogEvents over ${EVENTS.toLocaleString('en-US')} events: ${name}`,
        value: percentile(times, 50),
        unit: 'ms (p50)',
        detail: `p95 ${percentile(times, 95).toFixed(0)} ms over ${RUNS} runs; ${matched.toLocaleString('en-US')} events matched in ${calls} call(s), paginated to the end`,
      });
    }
    return rows;
  } finally {
    logs.destroy();
    await emulator.stop();
  }
}
