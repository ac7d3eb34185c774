import { AsyncLocalStorage } from 'node:async_hooks';
// Next's request store, read synchronously (see currentEnvironmentName).
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
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
import type { LastLooks, QueueLocks } from './redrive/lease';
import type { SentPairs } from './redrive/sent-pairs';
import type { OwnReceives } from './redrive/own-receives';
import type { SubscriptionDirectory } from './redrive/subscriptions';
import type { EnvironmentsResult } from './environments';

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
  /** The last look the page's browse kept of each queue, read again by the failure-apart scan instead of a second receive. */
  lastLooks: LastLooks;
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
  /** The environments declared in `eddy.config.json`, read once (server/environments.ts). */
  environments: EnvironmentsResult;
  /** Messages Eddy itself received per queue and minute (browsing, traces, scans), shown apart on the charts. */
  ownReceives: OwnReceives;
  /** The account's SQS subscriptions (which subscription dead-letters into a DLQ), cached with the flow discovery. */
  snsSubscriptions: SubscriptionDirectory;
}

type Store = Partial<Services>;

/** Services shared by every environment: the sign-in issuer is the company's, not an account's; the list of environments is the process's. */
const PROCESS_WIDE: ReadonlySet<keyof Services> = new Set(['oidcIssuer', 'environments']);

/**
 * The one slot on `globalThis`: Next may evaluate a server module more than once (dev-mode
 * reloads, separate route bundles), and the process must still have one sampler, one set of
 * clients and one lock per queue — per environment (an account and region, server/environments.ts).
 * Every service lives here; no other module keeps one.
 */
const HOLDER = Symbol.for('eddy.services');

interface Holder {
  /** Each environment's services, by name. */
  environments: Map<string, Store>;
  /** The services in PROCESS_WIDE. */
  process: Store;
  /** The environment of code that runs outside any request and any `runInEnvironment` (tests, scripts). */
  defaultName: string;
  /** Our own context: background work and services built for an environment. */
  context: AsyncLocalStorage<string>;
}

function holder(): Holder {
  const slot = globalThis as { [HOLDER]?: Holder };
  return (slot[HOLDER] ??= { environments: new Map(), process: {}, defaultName: 'default', context: new AsyncLocalStorage<string>() });
}

/** The header the proxy sets (lib/environments/schema.ts `ENVIRONMENT_HEADER`; a type-only import cannot carry the value). */
const ENVIRONMENT_HEADER = 'x-eddy-environment';

/**
 * The environment the running code is about:
 * (a) our own context, when set (`runInEnvironment`: the health engines, timers and streams a
 *     service started — they inherit it from the build — and anything a test runs inside it);
 * (b) else the `x-eddy-environment` header the proxy set on this request (proxy.ts rewrites
 *     `/e/<name>/…` to `/…` and sets it; every other request gets the default's name). It is read
 *     synchronously from Next's request store: Next 16 has only an async `headers()`, and
 *     `service()` is synchronous in every layer. `workUnitAsyncStorage` is Next's internal, but a
 *     process-global AsyncLocalStorage (it is created through getOrCreateGlobalAsyncLocalStorage,
 *     so a second copy of the module sees the same store). e2e/environments.spec.ts fails loudly
 *     if a Next upgrade changes it: a queue of environment B would no longer show under /e/B/;
 * (c) else the default environment (the first one declared, or `default`).
 */
export function currentEnvironmentName(): string {
  const own = holder().context.getStore();
  if (own) return own;
  const request = workUnitAsyncStorage.getStore();
  if (request && 'headers' in request && request.headers) {
    const named = (request.headers as Headers).get(ENVIRONMENT_HEADER);
    if (named) return named;
  }
  return holder().defaultName;
}

/** Runs `fn` for environment `name`: every service it asks for, and every timer it starts, is that environment's. */
export function runInEnvironment<T>(name: string, fn: () => T): T {
  return holder().context.run(name, fn);
}

/** Sets the environment of code outside any request (server/environments.ts, from the configuration). */
export function setDefaultEnvironmentName(name: string): void {
  holder().defaultName = name;
}

function store(key?: keyof Services): Store {
  const slot = holder();
  if (key && PROCESS_WIDE.has(key)) return slot.process;
  const name = currentEnvironmentName();
  let services = slot.environments.get(name);
  if (!services) slot.environments.set(name, (services = {}));
  return services;
}

/**
 * The current environment's `key` service, built by `build` the first time anyone asks (or the one
 * a test set). It is built inside `runInEnvironment`, so the timers and streams it starts keep
 * working for that environment after the request that built it has ended.
 */
export function service<K extends keyof Services>(key: K, build: () => Services[K]): Services[K] {
  const services = store(key);
  if (services[key] === undefined) {
    const name = currentEnvironmentName();
    services[key] = PROCESS_WIDE.has(key) ? build() : runInEnvironment(name, build);
  }
  return services[key] as Services[K];
}

/**
 * Tests: use these services instead of building them (a sampler on a test clock, clients pointed
 * at a test emulator, a redrive job registry over a temporary audit log) — for the current
 * environment. What is not given is built as usual on first use.
 */
export function setServicesForTest(overrides: Partial<Services>): void {
  for (const [key, value] of Object.entries(overrides) as [keyof Services, never][]) store(key)[key] = value;
}

function stopAll(services: Store): void {
  services.healthEngine?.stop();
  services.queueSampler?.stop();
  services.flowMonitor?.close();
  services.liveRegistry?.stopAll();
  for (const client of Object.values(services.clients ?? {})) (client as { destroy?: () => void }).destroy?.();
  for (const key of Object.keys(services) as (keyof Services)[]) delete services[key];
}

/**
 * Stops every background service that was built (samplers, monitors), in every environment, and
 * forgets them all, so the next use builds afresh — from the environment as it is then.
 */
export function resetServices(): void {
  const slot = holder();
  for (const services of slot.environments.values()) stopAll(services);
  slot.environments.clear();
  stopAll(slot.process);
}
