import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { startEmulator } from '../../server/emulator/index';
import http from 'node:http';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { BenchRow } from './types';

/** Enough writes that per-request overheads dominate start-up, small enough for a 2-core machine. */
const PUTS = 20_000;
/** "A few concurrent callers": each keeps one request in flight, as a small service would. */
const WRITERS = 8;
/** Distinct items: a quarter of the puts overwrite an existing item, giving MODIFY records too. */
const DISTINCT_ITEMS = 15_000;
/** Full passes over the stream, each a chain of 1000-record pages, for stable percentiles. */
const READ_PASSES = 10;

const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Times a service's handler in place (the HTTP server holds the same object), so the report can
 * tell the emulator's own cost from the SDK's: both share this process and its two cores.
 */
function timeHandler(service: { handle: (...args: never[]) => unknown }, operation: string, into: number[]): () => void {
  const unbound = service.handle;
  const original = service.handle.bind(service) as (op: string, ...rest: unknown[]) => unknown;
  (service as { handle: unknown }).handle = (op: string, ...rest: unknown[]) => {
    if (op !== operation) return original(op, ...rest);
    const t0 = performance.now();
    const out = original(op, ...rest);
    if (out instanceof Promise) return out.finally(() => into.push(performance.now() - t0));
    into.push(performance.now() - t0);
    return out;
  };
  return () => {
    service.handle = unbound;
  };
}

/**
 * A full GC before reading the heap, so "held" means reachable, not yet collected. Without
 * `--expose-gc` on the command line, the flag can still be set at run time.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * PutItem over plain keep-alive HTTP with a fixed (unchecked) signature: the emulator's own
 * ceiling, HTTP parsing and stream capture included, without the SDK's per-call CPU cost.
 */
async function rawPutRate(url: string, TableName: string, puts: number, callers: number): Promise<{ rate: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: callers });
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'DynamoDB_20120810.PutItem',
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
  };
  const put = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PutItem answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const payload = 'p'.repeat(120);
  let next = 0;
  const start = performance.now();
  try {
    await Promise.all(
      Array.from({ length: callers }, async () => {
        for (let i = next++; i < puts; i = next++) {
          await put(JSON.stringify({ TableName, Item: { pk: { S: `order-${i % DISTINCT_ITEMS}` }, seq: { N: String(i) }, payload: { S: payload } } }));
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  return { rate: puts / seconds, seconds };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;
const ms = (n: number) => Math.round(n * 100) / 100;

/**
 * DynamoDB with a NEW_AND_OLD_IMAGES stream, through the real SDK clients over HTTP: PutItem
 * throughput with stream capture on every write, GetRecords latency for full 1000-record pages,
 * and the memory the emulator holds for the records (the emulator runs in this process, so RSS is
 * this process's).
 */
export async function benchDynamoDb(): Promise<BenchRow[]> {
  // Every pass of the read benchmark is a new iterator chain; the two-readers rule would throttle
  // the third pass within 10 s, which is the rule working, not a cost worth measuring here.
  const emulator = await startEmulator({ port: 0, readerLimit: false });
  const common = { endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 };
  const dynamodb = new DynamoDBClient(common);
  const streams = new DynamoDBStreamsClient(common);
  try {
    const TableName = 'bench-orders';
    const RawTableName = 'bench-orders-raw';
    for (const name of [TableName, RawTableName]) {
      await dynamodb.send(
        new CreateTableCommand({
          TableName: name,
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
        }),
      );
    }
    const table = await dynamodb.send(new DescribeTableCommand({ TableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error('CreateTable did not enable the stream');

    collectGarbage();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    const putHandler: number[] = [];
    const getRecordsHandler: number[] = [];
    const untimed = [
      timeHandler(emulator.services.dynamodb, 'PutItem', putHandler),
      timeHandler(emulator.services.streams, 'GetRecords', getRecordsHandler),
    ];

    // ---- PutItem throughput ----
    const payload = 'p'.repeat(120);
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < PUTS; i = next++) {
        await dynamodb.send(
          new PutItemCommand({
            TableName,
            Item: {
              pk: { S: `order-${i % DISTINCT_ITEMS}` },
              seq: { N: String(i) },
              status: { S: i % 3 === 0 ? 'PAID' : 'NEW' },
              payload: { S: payload },
            },
          }),
        );
      }
    };
    const putStart = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, writer));
    const putSeconds = (performance.now() - putStart) / 1000;
    const putRate = PUTS / putSeconds;

    // ---- GetRecords latency, full pages ----
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shards = description.StreamDescription?.Shards ?? [];
    const latencies: number[] = [];
    let recordsRead = 0;
    for (let pass = 0; pass < READ_PASSES; pass++) {
      for (const shard of shards) {
        const first = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
        let iterator = first.ShardIterator;
        while (iterator) {
          const t0 = performance.now();
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          const elapsed = performance.now() - t0;
          const n = page.Records?.length ?? 0;
          if (n === 0) break;
          recordsRead += n;
          // Only full pages: the last, partial page of a pass would flatter the figures.
          if (n === 1000) latencies.push(elapsed);
          iterator = page.NextShardIterator;
        }
      }
    }
    for (const restore of untimed) restore();
    latencies.sort((a, b) => a - b);
    putHandler.sort((a, b) => a - b);
    getRecordsHandler.sort((a, b) => a - b);
    collectGarbage();
    const rssAfter = process.memoryUsage().rss;
    const heapAfter = process.memoryUsage().heapUsed;
    const retained = emulator.services.streams.retainedRecords();
    // Last, so the memory figures above cover the SDK run alone.
    const raw = await rawPutRate(emulator.url, RawTableName, PUTS, WRITERS);

    return [
      {
        name: 'DynamoDB PutItem with NEW_AND_OLD_IMAGES stream capture',
        value: Math.round(putRate),
        unit: 'puts/s',
        detail: `${PUTS.toLocaleString('en')} puts by ${WRITERS} concurrent SDK callers in ${putSeconds.toFixed(2)} s (${DISTINCT_ITEMS.toLocaleString('en')} distinct items); SDK and emulator share one process; 1-min load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      },
      {
        name: 'DynamoDB PutItem over plain HTTP, no SDK (emulator ceiling)',
        value: Math.round(raw.rate),
        unit: 'puts/s',
        detail: `${PUTS.toLocaleString('en')} puts by ${WRITERS} keep-alive callers in ${raw.seconds.toFixed(2)} s, stream capture on; the gap to the SDK row is the SDK's own CPU cost in this process`,
      },
      {
        name: 'DynamoDB PutItem handler incl. stream capture (mean)',
        value: Math.round(mean(putHandler) * 1000),
        unit: 'µs',
        detail: `p50 ${Math.round(percentile(putHandler, 50) * 1000)} µs, p99 ${Math.round(percentile(putHandler, 99) * 1000)} µs inside the emulator, HTTP and SDK excluded: about ${Math.round(1000 / mean(putHandler)).toLocaleString('en')} puts/s of handler capacity per core`,
      },
      {
        name: 'Streams GetRecords, 1000-record page (p50)',
        value: ms(percentile(latencies, 50)),
        unit: 'ms',
        detail: `p99 ${ms(percentile(latencies, 99))} ms, handler alone p50 ${ms(percentile(getRecordsHandler, 50))} ms, max ${ms(latencies[latencies.length - 1] ?? NaN)} ms over ${latencies.length} full pages (${recordsRead.toLocaleString('en')} records read, ${READ_PASSES} passes)`,
      },
      {
        name: 'Emulator RSS after the DynamoDB benchmark',
        value: mb(rssAfter),
        unit: 'MB',
        detail: `${mb(rssBefore)} MB before the puts, ${mb(rssAfter)} MB after (+${mb(rssAfter - rssBefore)} MB); heap after GC +${mb(heapAfter - heapBefore)} MB for ${retained.toLocaleString('en')} stream records and ${DISTINCT_ITEMS.toLocaleString('en')} items; in-process emulator, so SDK clients included`,
      },
    ];
  } finally {
    dynamodb.destroy();
    streams.destroy();
    await emulator.stop();
  }
}
