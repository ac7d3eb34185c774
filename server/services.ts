import type { IssuerSlot } from './auth/oidc';
import type { AwsClients } from './aws/clients';
import type { OutcomeStore } from './aws/outcomes';
import type { StreamsApi } from './aws/streams';
import type { FlowMonitor } from './data/flow';
import type { SampledQueue } from './data/queues';
import type { QueueSampler } from './live/queue-sampler';
import type { ReadSchedulerRegistry } from './live/read-scheduler';
import type { LiveRegistry } from './live/registry';
import type { ShapeObserver } from './live/shape-observer';
import type { ShardRecordCache } from './traces/shard-cache';
import type { AlertDeliverer } from './health/alerts';
import type { HealthEngine } from './health/engine';
import type { AuditLog } from './redrive/audit';
import type { RedriveJobs } from './redrive/jobs';
import type { QueueLocks } from './redrive/lease';
import type { SentPairs } from './redrive/sent-pairs';
import type { OwnReceives } from './redrive/own-receives';
import type { SubscriptionDirectory } from './redrive/subscriptions';

/**
 * Every process-wide service of the dashboard's server: what is built once and shared by all
 * requests. A service is built on first use by the accessor of the layer that owns it
 * (`getClients()` in server/aws, `getQueueSampler()` in server/data, …), through `service()`.
 */
export interface Services {
  /** The SDK clients (server/aws/clients.ts). */
  clients: AwsClients;
  /** The DynamoDB Streams adapter over `clients.streams`. */
  streamsApi: StreamsApi;
  /** The last outcome of every AWS action, for /access. */
  outcomes: OutcomeStore;
  /** The one queue sampler: the queues pages and the flow graph. */
  queueSampler: QueueSampler<SampledQueue>;
  /** The flow graph's discovery and figures. */
  flowMonitor: FlowMonitor;
  /** The audit log in `EDDY_DATA_DIR`. */
  auditLog: AuditLog;
  /** Redrives Eddy started (canaries, move tasks). */
  redriveJobs: RedriveJobs;
  /** One lease of a queue at a time (browse, redrive selected, canary). */
  queueLocks: QueueLocks;
  /** Dead letters sent by a redrive whose delete failed, in `EDDY_DATA_DIR` (a second redrive skips them). */
  sentPairs: SentPairs;
  /** The live stream tails, one per table. */
  liveRegistry: LiveRegistry;
  /** One read scheduler per shard: everything that reads a shard shares its budget. */
  readSchedulers: ReadSchedulerRegistry;
  /** Decoded stream pages traces read (through the read schedulers). */
  traceShardCache: ShardRecordCache;
  /** The one health engine: every verdict Eddy shows (server/health/engine.ts). */
  healthEngine: HealthEngine;
  /** Health alerts to EDDY_ALERT_WEBHOOK_URL. */
  alertDeliverer: AlertDeliverer;
  /** Each table's item shape, learned from what the live tails decode (schema drift). */
  shapeObserver: ShapeObserver;
  /** The OpenID Connect issuer discovered for sign-in (server/auth/oidc.ts). */
  oidcIssuer: IssuerSlot;
  /** Messages Eddy itself received per queue and minute (browsing, traces, scans), shown apart on the charts. */
  ownReceives: OwnReceives;
  /** The account's SQS subscriptions (which subscription dead-letters into a DLQ), cached with the flow discovery. */
  snsSubscriptions: SubscriptionDirectory;
}

type Store = Partial<Services>;

/**
 * The one slot on `globalThis`: Next may evaluate a server module more than once (dev-mode
 * reloads, separate route bundles), and the process must still have one sampler, one set of
 * clients and one lock per queue. Every service lives here; no other module keeps one.
 */
const HOLDER = Symbol.for('eddy.services');

function store(): Store {
  const holder = globalThis as { [HOLDER]?: Store };
  return (holder[HOLDER] ??= {});
}

/** The process's `key` service, built by `build` the first time anyone asks (or the one a test set). */
export function service<K extends keyof Services>(key: K, build: () => Services[K]): Services[K] {
  const services = store();
  return (services[key] ??= build()) as Services[K];
}

/**
 * Tests: use these services instead of building them (a sampler on a test clock, clients pointed
 * at a test emulator, a redrive job registry over a temporary audit log). What is not given is
 * built as usual on first use.
 */
export function setServicesForTest(overrides: Partial<Services>): void {
  Object.assign(store(), overrides);
}

/**
 * Stops every background service that was built (samplers, monitors) and forgets them all, so
 * the next use builds afresh — from the environment as it is then.
 */
export function resetServices(): void {
  const services = store();
  services.healthEngine?.stop();
  services.queueSampler?.stop();
  services.flowMonitor?.close();
  services.liveRegistry?.stopAll();
  for (const client of Object.values(services.clients ?? {})) (client as { destroy?: () => void }).destroy?.();
  for (const key of Object.keys(services) as (keyof Services)[]) delete services[key];
}
