import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BenchRow } from './types';

/**
 * `npm run bench -- peers`: the emulator against the npm peers that do one service each, on the
 * same machine in one run — dynalite for DynamoDB (PutItem, Query by partition) and
 * local-aws-sqs for SQS (SendMessage, receive+delete). Every server runs in its own Node
 * process; this process is the one SDK load generator for all of them. The emulator's table has
 * a NEW_AND_OLD_IMAGES stream, so every emulator write also captures a stream record (dynalite
 * ignores `StreamSpecification`: it captures nothing). Samples alternate emulator/peer so drift
 * on the shared machine hits both; the row value is the median of the paired ratios (≥ 1.2 is
 * the goal), and each server's CPU per call (from /proc) is given beside it, with the generator's
 * own CPU per call (process.cpuUsage) and each process's share of a core while it ran: on a
 * 2-core machine the busier of the two bounds the rate, so every row names its bottleneck.
 *
 * The generator is the same for every server: one SDK client per server with a keep-alive agent
 * of more sockets than callers (no call waits for a socket; each sample opens its CALLERS
 * connections afresh and the bench counts them), CALLERS calls in
 * flight, no retries, and the SDK's own checks on (the SQS client verifies every MD5).
 *
 * `BENCH_PROFILE=dir` starts the emulator with `--cpu-prof --cpu-prof-dir=dir` (open the
 * `.cpuprofile` in Chrome DevTools or speedscope).
 */

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
/** Requests per sample: long enough to measure, short enough for many samples on 2 cores. */
const OPS = Number(process.env.BENCH_OPS ?? 500);
/** Callers each keeping one request in flight, as a small service does. */
const CALLERS = 8;
const QUERY_PARTITIONS = 200;
const ITEMS_PER_PARTITION = 20;
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
/** `npm run bench` runs in the project root. */
const ROOT = process.cwd();
const requireHere = createRequire(path.join(ROOT, 'package.json'));

interface Server {
  name: string;
  url: string;
  /** CPU time (user + system) the server process has used so far, in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** Starts a server process and waits for the line that gives its URL. */
function spawnServer(name: string, args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start in 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        name,
        url: match[1],
        cpuMs: () => processCpuMs(child.pid),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            // SIGINT lets the emulator flush a CPU profile; the others just exit.
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

function startEmulatorProcess(): Promise<Server> {
  const profile = process.env.BENCH_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  if (profile) mkdirSync(path.resolve(profile), { recursive: true });
  return spawnServer('emulator', [...flags, '--import', 'tsx', 'server/emulator/cli.ts', '--port', '0', '--no-reader-limit'], /ready on (http:\/\/\S+)/, {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}

function startDynalite(): Promise<Server> {
  const cli = requireHere.resolve('dynalite/cli.js');
  return spawnServer('dynalite', [cli, '--port', '0', '--host', '127.0.0.1', '--createTableMs', '0', '--deleteTableMs', '0', '--updateTableMs', '0'], /listening at: (http:\/\/\S+)/);
}

function startLocalAwsSqs(): Promise<Server> {
  const script = `require('local-aws-sqs').createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false }).then((s) => console.log('listening at: http://127.0.0.1:' + s.address().port))`;
  return spawnServer('local-aws-sqs', ['-e', script], /listening at: (http:\/\/\S+)/);
}

/**
 * The generator's HTTP agent for one server: keep-alive, more sockets than callers, and a count of
 * the connections it opened (after the warm-up a sample must open none).
 */
class CountingAgent extends http.Agent {
  opened = 0;
  constructor() {
    super({ keepAlive: true, maxSockets: CALLERS * 2 });
  }
  createConnection(...args: Parameters<http.Agent['createConnection']>): ReturnType<http.Agent['createConnection']> {
    this.opened++;
    return super.createConnection(...args);
  }
}

/** One sample: its rate and the latency of each call (ms). */
interface Sample {
  perSecond: number;
  latencies: number[];
}

/** Runs `ops` calls with CALLERS concurrent callers; returns calls per second and each call's latency. */
async function rate(ops: number, call: (i: number) => Promise<unknown>): Promise<Sample> {
  let next = 0;
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      for (let i = next++; i < ops; i = next++) {
        const sent = performance.now();
        await call(i);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { perSecond: ops / ((performance.now() - start) / 1000), latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Contender {
  name: string;
  server: Server;
  agent: CountingAgent;
  /** Untimed set-up before each sample (its CPU is not counted). */
  prepare?(): Promise<void>;
  /** Runs one sample (OPS calls). */
  sample(round: number): Promise<Sample>;
}

/** What one side of a row used over all its timed samples. */
interface Side {
  rates: number[];
  latencies: number[];
  /** CPU ms of the server process. */
  serverMs: number;
  /** CPU ms of this process, the SDK load generator (process.cpuUsage: user + system). */
  generatorMs: number;
  /** Wall-clock ms of the timed samples. */
  wallMs: number;
  /** TCP connections the generator opened during the timed samples. */
  connections: number;
}

/** Alternates emulator and peer samples (after one warm-up each) and returns the comparison row. */
async function compare(label: string, unit: string, emulator: Contender, peer: Contender): Promise<BenchRow[]> {
  for (const warmUp of [emulator, peer]) {
    await warmUp.prepare?.();
    warmUp.agent.destroy();
    await warmUp.sample(-1);
  }
  const ours: Side = { rates: [], latencies: [], serverMs: 0, generatorMs: 0, wallMs: 0, connections: 0 };
  const theirs: Side = { rates: [], latencies: [], serverMs: 0, generatorMs: 0, wallMs: 0, connections: 0 };
  const timed = async (contender: Contender, round: number, side: Side) => {
    await contender.prepare?.();
    // Every sample starts on new connections: a socket idle since this side's last sample may be
    // closing at the server's keep-alive timeout just as it is reused (a "socket hang up" on a
    // loaded machine). Both sides pay the same CALLERS connects, counted below.
    contender.agent.destroy();
    const serverBefore = contender.server.cpuMs();
    const generatorBefore = process.cpuUsage();
    const openedBefore = contender.agent.opened;
    const started = performance.now();
    let sample: Sample;
    try {
      sample = await contender.sample(round);
    } catch (error) {
      throw new Error(`${label}, ${contender === emulator ? 'emulator' : peer.name}: ${(error as Error).message}`, { cause: error });
    }
    side.wallMs += performance.now() - started;
    side.connections += contender.agent.opened - openedBefore;
    const generator = process.cpuUsage(generatorBefore);
    side.generatorMs += (generator.user + generator.system) / 1000;
    side.serverMs += contender.server.cpuMs() - serverBefore;
    side.rates.push(sample.perSecond);
    side.latencies.push(...sample.latencies);
  };
  for (let round = 0; round < SAMPLES; round++) {
    // Swap who goes first each round, so neither always runs on a warmer or cooler machine.
    if (round % 2 === 0) {
      await timed(emulator, round, ours);
      await timed(peer, round, theirs);
    } else {
      await timed(peer, round, theirs);
      await timed(emulator, round, ours);
    }
  }
  // CPU per call of each process: what the server costs, whatever the load generator's share of
  // the machine, and what the generator itself costs (on 2 cores, the larger of the two bounds
  // the rate).
  const perCall = (ms: number) => Math.round((ms * 1000) / (SAMPLES * OPS));
  // Each round's pair ran back to back under the same background load, so the median of the
  // paired ratios is steadier on a shared machine than the ratio of the medians.
  const ratios = ours.rates.map((v, i) => v / theirs.rates[i]).sort((a, b) => a - b);
  const ratio = median(ratios);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const latency = (side: Side) => {
    const sorted = [...side.latencies].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(1)} / p99 ${percentile(sorted, 99).toFixed(1)} ms`;
  };
  // The busier process per call bounds the rate: with the generator busier on both sides, both
  // rates are the generator's and the ratio tends to 1 whatever the servers cost.
  const share = (ms: number, side: Side) => `${Math.round((ms / side.wallMs) * 100)}%`;
  const bound = (side: Side) => (side.generatorMs > side.serverMs ? 'generator-bound' : 'server-bound');
  const cpuText =
    `server CPU ${perCall(ours.serverMs)} vs ${perCall(theirs.serverMs)} µs/call; generator CPU ${perCall(ours.generatorMs)} vs ${perCall(theirs.generatorMs)} µs/call; ` +
    `share of a core server/generator ${share(ours.serverMs, ours)}/${share(ours.generatorMs, ours)} vs ${share(theirs.serverMs, theirs)}/${share(theirs.generatorMs, theirs)}; ` +
    `${bound(ours)} vs ${bound(theirs)}`;
  const latencyText = `latency ${latency(ours)} vs ${latency(theirs)}`;
  const connectionsText = `connections opened ${ours.connections} vs ${theirs.connections}`;
  // What the rates would compare if the servers alone bounded them: the servers' CPU per call.
  const serverRatio = theirs.serverMs / ours.serverMs;
  console.error(
    `  ${label}: emulator ${fmt(median(ours.rates))} vs ${peer.name} ${fmt(median(theirs.rates))} ${unit} → ${ratio.toFixed(2)}×; server CPU ratio ${serverRatio.toFixed(2)}× (${cpuText}; ${latencyText}; ${connectionsText})`,
  );
  return [
    {
      name: `${label}: emulator ÷ ${peer.name}`,
      value: ratio,
      unit: '×',
      detail: `median of paired ratios; median rates ${fmt(median(ours.rates))} vs ${fmt(median(theirs.rates))} ${unit}; paired ratios ${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)} over ${SAMPLES} samples of ${OPS} calls, ${CALLERS} callers; ${latencyText}; ${cpuText}; ${connectionsText}; goal ≥ 1.2`,
    },
    {
      name: `${label}: server CPU per call, ${peer.name} ÷ emulator`,
      value: serverRatio,
      unit: '×',
      detail: `${perCall(theirs.serverMs)} vs ${perCall(ours.serverMs)} µs/call of server CPU (/proc, user + system) over the same samples: the rate ratio a server-bound run would show`,
    },
  ];
}

function dynamoClient(url: string, agent: CountingAgent): DynamoDBClient {
  return new DynamoDBClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1, requestHandler: { httpAgent: agent } });
}

async function putContender(server: Server): Promise<Contender> {
  const agent = new CountingAgent();
  const client = dynamoClient(server.url, agent);
  const TableName = 'peers-put';
  await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const payload = 'p'.repeat(120);
  return {
    name: server.name,
    server,
    agent,
    sample: (round) =>
      rate(OPS, (i) =>
        client.send(
          new PutItemCommand({
            TableName,
            // A quarter of the writes overwrite an item of the previous round: INSERTs and MODIFYs.
            Item: { pk: { S: `order-${round}-${i}` }, status: { S: 'OPEN' }, total: { N: String(i) }, payload: { S: payload } },
          }),
        ),
      ),
  };
}

async function queryContender(server: Server): Promise<Contender> {
  const agent = new CountingAgent();
  const client = dynamoClient(server.url, agent);
  const TableName = 'peers-query';
  await client.send(
    new CreateTableCommand({
      TableName,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const requests = [];
  for (let p = 0; p < QUERY_PARTITIONS; p++) {
    for (let s = 0; s < ITEMS_PER_PARTITION; s++) {
      requests.push({ PutRequest: { Item: { pk: { S: `customer-${p}` }, sk: { N: String(s) }, status: { S: 'OPEN' }, payload: { S: 'q'.repeat(80) } } } });
    }
  }
  for (let i = 0; i < requests.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: requests.slice(i, i + 25) } }));
  }
  return {
    name: server.name,
    server,
    agent,
    sample: () =>
      rate(OPS, (i) =>
        client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': { S: `customer-${i % QUERY_PARTITIONS}` } },
          }),
        ),
      ),
  };
}

async function sqsContenders(server: Server): Promise<{ send: Contender; receive: Contender }> {
  const agent = new CountingAgent();
  const client = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1, requestHandler: { httpAgent: agent } });
  const sendQueue = (await client.send(new CreateQueueCommand({ QueueName: 'peers-send' }))).QueueUrl!;
  const receiveQueue = (await client.send(new CreateQueueCommand({ QueueName: 'peers-receive' }))).QueueUrl!;
  const body = JSON.stringify({ orderId: 'o-1', status: 'OPEN', total: 42, note: 'n'.repeat(100) });
  return {
    send: {
      name: server.name,
      server,
      agent,
      sample: () => rate(OPS, () => client.send(new SendMessageCommand({ QueueUrl: sendQueue, MessageBody: body }))),
    },
    receive: {
      name: server.name,
      server,
      agent,
      // Untimed fill, then the timed part: callers receive up to 10 and delete them in one batch
      // until every message is gone. The rate counts messages received and deleted per second.
      async prepare() {
        for (let i = 0; i < OPS; i += 10) {
          await client.send(
            new SendMessageBatchCommand({ QueueUrl: receiveQueue, Entries: Array.from({ length: 10 }, (_, n) => ({ Id: String(n), MessageBody: body })) }),
          );
        }
      },
      async sample() {
        let done = 0;
        let empty = 0;
        // One latency per receive+delete round trip (empty receives are not counted).
        const latencies: number[] = [];
        const start = performance.now();
        await Promise.all(
          Array.from({ length: CALLERS }, async () => {
            while (done < OPS && empty < 50) {
              const sent = performance.now();
              const out = await client.send(new ReceiveMessageCommand({ QueueUrl: receiveQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
              const messages = out.Messages ?? [];
              if (messages.length === 0) {
                empty++;
                continue;
              }
              await client.send(
                new DeleteMessageBatchCommand({ QueueUrl: receiveQueue, Entries: messages.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })) }),
              );
              done += messages.length;
              latencies.push(performance.now() - sent);
            }
          }),
        );
        if (done < OPS) throw new Error(`${server.name}: only ${done} of ${OPS} messages came back`);
        return { perSecond: done / ((performance.now() - start) / 1000), latencies };
      },
    },
  };
}

export async function benchPeers(): Promise<BenchRow[]> {
  const servers: Server[] = [];
  try {
    const [emulator, dynalite, sqsPeer] = [await startEmulatorProcess(), await startDynalite(), await startLocalAwsSqs()];
    servers.push(emulator, dynalite, sqsPeer);
    const rows: BenchRow[] = [];
    rows.push(...(await compare('DynamoDB PutItem (emulator captures a stream record per write)', 'puts/s', await putContender(emulator), await putContender(dynalite))));
    rows.push(...(await compare('DynamoDB Query by partition (20 items)', 'queries/s', await queryContender(emulator), await queryContender(dynalite))));
    const ours = await sqsContenders(emulator);
    const theirs = await sqsContenders(sqsPeer);
    rows.push(...(await compare('SQS SendMessage', 'messages/s', ours.send, theirs.send)));
    rows.push(...(await compare('SQS ReceiveMessage (10) + DeleteMessageBatch', 'messages/s', ours.receive, theirs.receive)));
    return rows;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}
