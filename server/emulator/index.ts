import type http from 'node:http';
import { EmulatorClock } from './core/clock';
import { FaultInjector } from './core/faults';
import { startHttpServer } from './core/server';
import { EmulatorStats } from './core/stats';
import type { EmulatorConfig, EmulatorDeps } from './core/types';
import { createCloudWatch } from './cloudwatch';
import { cloudwatchQueryService } from './cloudwatch/query';
import { createDynamoDb } from './dynamodb';
import { createLambda } from './lambda';
import { createLogs } from './logs';
import { createSns } from './sns';
import { createSqs } from './sqs';
import { sqsQueryService } from './sqs/query';
import { createStreams } from './streams';
import { DEFAULT_SHARD_READ_RATE } from './streams/read-budget';

export type { EmulatorConfig } from './core/types';
export { EmulatorClock } from './core/clock';

export interface StartEmulatorOptions extends Partial<EmulatorConfig> {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface Emulator {
  /** `http://host:port`, the endpoint to give the SDK clients. */
  url: string;
  port: number;
  host: string;
  clock: EmulatorClock;
  stats: EmulatorStats;
  faults: FaultInjector;
  /** The service objects, for tests that need to look behind the wire (prefer the SDK). */
  services: EmulatorServices;
  stop(): Promise<void>;
}

export interface EmulatorServices {
  dynamodb: ReturnType<typeof createDynamoDb>;
  streams: ReturnType<typeof createStreams>;
  sqs: ReturnType<typeof createSqs>;
  lambda: ReturnType<typeof createLambda>;
  cloudwatch: ReturnType<typeof createCloudWatch>;
  sns: ReturnType<typeof createSns>;
  logs: ReturnType<typeof createLogs>;
}

export const DEFAULT_EMULATOR_CONFIG: EmulatorConfig = {
  region: 'us-east-1',
  accountId: '000000000000',
  shardsPerStream: 1,
  shardRolloverMinutes: 240,
  readerLimit: true,
  shardReadRate: DEFAULT_SHARD_READ_RATE,
  verbose: false,
};

/** Starts the local AWS endpoint: DynamoDB, Streams, SQS, SNS, Lambda, CloudWatch and CloudWatch Logs on one port. */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<Emulator> {
  const { port = 4566, host = '127.0.0.1', ...overrides } = options;
  const config: EmulatorConfig = { ...DEFAULT_EMULATOR_CONFIG, ...stripUndefined(overrides) };
  const clock = new EmulatorClock();
  const stats = new EmulatorStats();
  const faults = new FaultInjector();
  const deps: EmulatorDeps = { config, clock, stats };

  const cloudwatch = createCloudWatch(deps);
  const streams = createStreams(deps, cloudwatch);
  const dynamodb = createDynamoDb(deps, streams, cloudwatch);
  const sqs = createSqs(deps, cloudwatch);
  const lambda = createLambda(deps);
  const sns = createSns(deps, { sqs, functionExists: (arn) => lambda.functionExists(arn), metrics: cloudwatch });
  const logs = createLogs(deps);
  const closers = [cloudwatch, streams, dynamodb, sqs, lambda, sns];

  const { server, port: actualPort } = await startHttpServer({
    port,
    host,
    config,
    clock,
    stats,
    faults,
    jsonServices: [dynamodb, streams, sqs, cloudwatch, logs],
    restServices: [lambda],
    queryServices: [sqsQueryService(sqs), cloudwatchQueryService(cloudwatch), sns],
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    host,
    clock,
    stats,
    faults,
    services: { dynamodb, streams, sqs, lambda, cloudwatch, sns, logs },
    stop: async () => {
      for (const service of closers) service.close?.();
      await closeServer(server);
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive sockets and pending long polls would hold `close` open.
    server.closeAllConnections();
  });
}
