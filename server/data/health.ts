import 'server-only';
import { summariseHealth, type Health } from '@/lib/types/health';
import { describeConnection } from './connection';
import { probeServices } from '../aws/health';
import type { AlertsOverview } from '@/lib/types/alerts';
import { nodeId } from '@/lib/flow/discover';
import type { Finding } from '@/lib/types/flow';
import { getAlertDeliverer } from './alerts';
import { getHealthEngine } from './flow';
import { getEnv } from '../env';
import { getEnvironments, perEnvironment, runInEnvironment } from '../environments';

/** Many browsers poll the header's indicator: one probe round serves them all for a moment. */
const CACHE_MS = 2_000;
/** Per environment: each has its own endpoints. */
const lastProbe = perEnvironment(() => ({ last: undefined as { at: number; value: Promise<Health> } | undefined }));

/** What Eddy is connected to and whether each AWS service answers. */
export function getHealth(): Promise<Health> {
  const now = Date.now();
  const slot = lastProbe();
  if (slot.last && now - slot.last.at < CACHE_MS) return slot.last.value;
  const value = (async (): Promise<Health> => {
    const [connection, services] = await Promise.all([describeConnection(), probeServices()]);
    return { connection, services, status: summariseHealth(services), checkedAt: new Date().toISOString() };
  })();
  slot.last = { at: now, value };
  return value;
}

/** Starts the health engine of the current environment. */
export function startHealthEngine(): void {
  getHealthEngine().start();
}

/** Starts every environment's health engine (instrumentation.ts, when the server starts). */
export function startHealthEngines(): void {
  for (const environment of getEnvironments(getEnv())) runInEnvironment(environment.name, startHealthEngine);
}

/** The /alerts page: open findings, recent transitions, webhook deliveries. */
export function getAlertsOverview(): AlertsOverview {
  const engine = getHealthEngine();
  engine.start();
  const status = engine.status();
  const deliverer = getAlertDeliverer();
  return {
    evaluatedAt: status.evaluatedAt === null ? null : new Date(status.evaluatedAt).toISOString(),
    evaluations: status.evaluations,
    lastError: status.lastError && { at: new Date(status.lastError.at).toISOString(), message: status.lastError.message },
    incompleteBecause: status.incompleteBecause,
    cadence: { everySeconds: status.thresholds.evaluateEverySeconds, openAfter: status.thresholds.openAfterEvaluations, closeAfterSeconds: status.thresholds.closeAfterClearSeconds },
    open: engine.open(),
    transitions: status.transitions.map((t) => ({
      status: t.status,
      at: new Date(t.at).toISOString(),
      since: new Date(t.since).toISOString(),
      rule: t.finding.rule,
      severity: t.finding.severity,
      title: t.finding.title,
      resource: t.finding.resource,
    })),
    webhooks: deliverer.webhooks,
    deliveries: deliverer.deliveries(),
  };
}

/** The health engine's open findings about one queue (its page shows them above its figures). */
export function getQueueFindings(name: string): Finding[] {
  const engine = getHealthEngine();
  engine.start();
  return engine.open().filter((f) => f.node === nodeId('queue', name));
}
