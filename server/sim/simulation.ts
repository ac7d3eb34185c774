import { SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createOrderFactory } from './catalogue';
import type { DemoClients } from './clients';
import { createFulfillmentWorker, createNotifier, createOrderProjector, type SimCounters } from './functions';
import { LambdaLogs } from './lambda-logs';
import { LambdaMetrics } from './metrics';
import { runQueuePoller } from './queue-poller';
import { DEMO_NAMES, ensureDemoResources, queuePolicyForTopic, type DemoResourceOptions, type DemoResources } from './resources';
import { runStreamConsumer } from './stream-consumer';
import { runTraffic } from './traffic';
import { errorMessage } from './util';

/** What the demo banner shows and the control API returns. */
export interface SimStatus {
  /**
   * Which of the banner's switches are on, keyed by their control action (`fix-bug`, `spike`,
   * `stall-notifier`, …): every switch is undone by posting `{"on": false}` to its action.
   */
  switches: Record<string, boolean>;
  bugFixed: boolean;
  /** ISO time the current traffic spike ends, or null when there is none. */
  spikeUntil: string | null;
  notifierStalled: boolean;
  /** Whether the producer writes part of its orders with `total` as a string (the projector fails on them). */
  schemaChangeShipped: boolean;
  /** Whether `notifications`' queue policy denies `order-events`, so its deliveries fail into `order-events-dlq`. */
  subscriptionBroken: boolean;
  /** Orders per second right now (the base rate, multiplied during a spike). */
  rate: number;
  counters: SimCounters;
  /** ISO time the simulation started. */
  startedAt: string;
}

export interface SpikeOptions {
  /** Multiplies the order rate; default 10. */
  factor?: number;
  /** Default 30 s. */
  durationMs?: number;
}

export interface Simulation {
  /** Ends every loop (aborting long polls) and resolves once all have stopped. */
  stop(): Promise<void>;
  /**
   * The warehouse learns to ship fragile items: new and redriven fragile orders succeed.
   * `fixBug(false)` brings the bug back.
   */
  fixBug(on?: boolean): void;
  /** Multiplies the order rate for a while; `spike({ on: false })` ends the spike now. */
  spike(options?: SpikeOptions & { on?: boolean }): void;
  /** The notifier stops consuming until `stallNotifier(false)` or reset(), so `notifications` backs up. */
  stallNotifier(on?: boolean): void;
  /** On: a third of new orders carry `total` as a string and `schemaVersion: 2`; off: the usual shape again. */
  shipSchemaChange(on?: boolean): void;
  /**
   * "Break a subscription": `notifications`' queue policy denies `order-events` (on) or lets it
   * send again (off). Resolves once the policy is set.
   */
  breakSubscription(on?: boolean): Promise<void>;
  /** Bug back, no spike, notifier running, no schema change, subscription whole. Counters are kept. */
  reset(): void;
  /** Resolves when the AWS calls the last switch started (reset's policy restore) are done. */
  settled(): Promise<void>;
  status(): SimStatus;
  /** The resources the simulation runs on. */
  resources: DemoResources;
}

/** Intervals and timeouts; the defaults suit the demo, tests shorten them. */
export interface SimulationTuning {
  /** Idle shard polling (Lambda: about 4 a second). */
  pollIntervalMs?: number;
  describeIntervalMs?: number;
  mappingRefreshMs?: number;
  /** Long-poll wait of the SQS pollers. */
  waitTimeSeconds?: number;
  /** Base wait before retrying a failed stream batch, doubled per failure up to 2 s. */
  retryBaseDelayMs?: number;
  metricsFlushMs?: number;
  /** Minimum gap between two progress reports of one mapping; 0 turns them off. */
  progressReportMs?: number;
  trafficTickMs?: number;
}

export interface SimulationOptions {
  clients: DemoClients;
  /** Orders per second; default 3. 0 writes none (tests write their own orders). */
  rate?: number;
  /**
   * Notifications the notifier handles per second; default 7: just above the steady inflow at
   * the default 3 orders/s (about 2.4 OrderFulfilled and 3 order-events notifications/s), so a
   * spike's backlog builds, then drains.
   */
  notifierRate?: number;
  /** Seeds the order generator; default: the start time, so two runs make different order ids. */
  seed?: number;
  /** Receives one line per notable event; quiet by default. */
  log?: (line: string) => void;
  /** Passed to ensureDemoResources (e.g. a 1 s visibility timeout in tests). */
  resources?: DemoResourceOptions;
  tuning?: SimulationTuning;
  /** Epoch ms of the clock the AWS endpoint stamps records with; default Date.now. */
  now?: () => number;
  /** Share of new orders followed by a status update / a cancellation; defaults 0.15 / 0.04. */
  updateShare?: number;
  cancelShare?: number;
}

const TUNING: Required<SimulationTuning> = {
  pollIntervalMs: 250,
  describeIntervalMs: 10_000,
  mappingRefreshMs: 5_000,
  waitTimeSeconds: 20,
  retryBaseDelayMs: 200,
  metricsFlushMs: 1_000,
  progressReportMs: 3_000,
  trafficTickMs: 100,
};

/**
 * Starts the demo system against whatever endpoint `clients` point at: ensures its resources,
 * then runs the traffic, the `order-projector` stream consumer, the `fulfillment-worker` and the
 * slow `notifier`, all through the AWS SDK only.
 */
export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const { clients } = options;
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const tuning: Required<SimulationTuning> = { ...TUNING };
  for (const [key, value] of Object.entries(options.tuning ?? {})) {
    if (value !== undefined) tuning[key as keyof SimulationTuning] = value;
  }
  const baseRate = options.rate ?? 3;
  const startedAt = new Date(now()).toISOString();
  const resources = await ensureDemoResources(clients, options.resources);

  const state = {
    bugFixed: false,
    spikeUntil: null as number | null,
    spikeFactor: 1,
    notifierStalled: false,
    schemaChangeShipped: false,
    notifierRate: options.notifierRate ?? 7,
    subscriptionBroken: false,
  };
  /** The newest policy change: switches apply in order, and `settled()` waits for the last. */
  let policyChange: Promise<void> = Promise.resolve();
  const setSubscriptionBroken = (on: boolean): Promise<void> => {
    state.subscriptionBroken = on;
    const notifications = resources.queues.notifications;
    policyChange = policyChange
      .catch(() => undefined)
      .then(async () => {
        await clients.sqs.send(
          new SetQueueAttributesCommand({
            QueueUrl: notifications.url,
            Attributes: { Policy: queuePolicyForTopic(DEMO_NAMES.notificationsQueue, resources.topic.arn, on ? 'Deny' : 'Allow') },
          }),
        );
      });
    return policyChange;
  };
  const counters: SimCounters = {
    ordersPlaced: 0,
    projected: 0,
    projectorFailures: 0,
    fulfilled: 0,
    fulfillmentFailures: 0,
    notificationsSent: 0,
    notified: 0,
  };
  const currentRate = () => {
    if (state.spikeUntil !== null && Date.now() >= state.spikeUntil) {
      state.spikeUntil = null;
      state.spikeFactor = 1;
    }
    return baseRate * (state.spikeUntil === null ? 1 : state.spikeFactor);
  };

  const controller = new AbortController();
  const signal = controller.signal;
  const metrics = new LambdaMetrics(clients, { flushIntervalMs: tuning.metricsFlushMs, now, log });
  const logs = new LambdaLogs(clients, { flushIntervalMs: tuning.metricsFlushMs, now, log });
  const common = { clients, metrics, logs, signal, log, mappingRefreshMs: tuning.mappingRefreshMs, progressReportMs: tuning.progressReportMs };

  const loops: Promise<void>[] = [
    metrics.run(signal),
    logs.run(signal),
    runStreamConsumer({
      ...common,
      functionName: DEMO_NAMES.orderProjector,
      functionArn: resources.functions['order-projector'].arn,
      streamArn: resources.ordersStreamArn,
      handler: createOrderProjector({ clients, orderEventsTopicArn: resources.topic.arn, counters, now }),
      now,
      pollIntervalMs: tuning.pollIntervalMs,
      describeIntervalMs: tuning.describeIntervalMs,
      retryDelayMs: (failures) => Math.min(tuning.retryBaseDelayMs * 2 ** (failures - 1), 2000),
      onDiscard: (records) => {
        counters.projectorFailures += records.length;
      },
    }),
    runQueuePoller({
      ...common,
      functionName: DEMO_NAMES.fulfillmentWorker,
      queueArn: resources.queues.fulfillment.arn,
      queueUrl: resources.queues.fulfillment.url,
      handler: createFulfillmentWorker({
        clients,
        notificationsQueueUrl: resources.queues.notifications.url,
        counters,
        now,
        bugFixed: () => state.bugFixed,
        log,
      }),
      waitTimeSeconds: tuning.waitTimeSeconds,
      idleMs: tuning.pollIntervalMs,
    }),
    runQueuePoller({
      ...common,
      functionName: DEMO_NAMES.notifier,
      queueArn: resources.queues.notifications.arn,
      queueUrl: resources.queues.notifications.url,
      handler: createNotifier({ counters, rate: () => state.notifierRate, signal }),
      waitTimeSeconds: tuning.waitTimeSeconds,
      idleMs: tuning.pollIntervalMs,
      paused: () => state.notifierStalled,
    }),
  ];
  if (baseRate > 0) {
    loops.push(
      runTraffic({
        clients,
        factory: createOrderFactory({ seed: options.seed ?? Date.now(), now }),
        counters,
        rate: currentRate,
        schemaChange: () => state.schemaChangeShipped,
        now,
        tickMs: tuning.trafficTickMs,
        updateShare: options.updateShare ?? 0.15,
        cancelShare: options.cancelShare ?? 0.04,
        signal,
        log,
      }),
    );
  }
  const all = Promise.all(loops.map((loop) => loop.catch((error) => log(`simulation: a loop stopped: ${errorMessage(error)}`))));
  log(`simulation: started (${baseRate} orders/s, notifier ${state.notifierRate}/s)`);

  return {
    resources,
    async stop() {
      controller.abort();
      await all;
    },
    fixBug(on = true) {
      state.bugFixed = on;
      log(on ? 'simulation: bug fixed — the warehouse now ships fragile items' : 'simulation: bug back — fragile items fail again');
    },
    spike(spike = {}) {
      if (spike.on === false) {
        state.spikeUntil = null;
        state.spikeFactor = 1;
        log('simulation: traffic spike ended');
        return;
      }
      state.spikeFactor = spike.factor ?? 10;
      state.spikeUntil = Date.now() + (spike.durationMs ?? 30_000);
      log(`simulation: traffic spike ×${state.spikeFactor} until ${new Date(state.spikeUntil).toISOString()}`);
    },
    stallNotifier(on = true) {
      state.notifierStalled = on;
      log(on ? 'simulation: notifier stalled' : 'simulation: notifier running again');
    },
    shipSchemaChange(on = true) {
      state.schemaChangeShipped = on;
      log(on ? 'simulation: schema change shipped — a third of new orders carry total as a string' : 'simulation: schema change rolled back');
    },
    async breakSubscription(on = true) {
      await setSubscriptionBroken(on);
      log(on ? 'simulation: notifications denies order-events: its deliveries fail into order-events-dlq' : 'simulation: notifications accepts order-events again');
    },
    reset() {
      state.schemaChangeShipped = false;
      state.bugFixed = false;
      state.spikeUntil = null;
      state.spikeFactor = 1;
      state.notifierStalled = false;
      if (state.subscriptionBroken) setSubscriptionBroken(false).catch((error) => log(`simulation: could not restore the notifications policy: ${errorMessage(error)}`));
      log('simulation: reset');
    },
    settled() {
      return policyChange.catch(() => undefined);
    },
    status() {
      const rate = currentRate();
      return {
        switches: { 'fix-bug': state.bugFixed, spike: state.spikeUntil !== null, 'stall-notifier': state.notifierStalled, 'ship-schema-change': state.schemaChangeShipped, 'break-subscription': state.subscriptionBroken },
        bugFixed: state.bugFixed,
        spikeUntil: state.spikeUntil === null ? null : new Date(state.spikeUntil).toISOString(),
        notifierStalled: state.notifierStalled,
        schemaChangeShipped: state.schemaChangeShipped,
        subscriptionBroken: state.subscriptionBroken,
        rate,
        counters: { ...counters },
        startedAt,
      };
    },
  };
}
