import type { Transition } from '@/lib/health/hysteresis';
import type { AlertDelivery, AlertMessage } from '@/lib/types/alerts';

export interface AlertDelivererOptions {
  /** The webhook URLs (EDDY_ALERT_WEBHOOK_URL). */
  urls: readonly string[];
  /** Eddy's own address, for the links in the messages ("http://127.0.0.1:3000"; with a path, the environment's: "…/e/prod"). */
  baseUrl: string;
  /** Attempts per message, the first included. */
  attempts?: number;
  /** The wait before the first retry (ms); doubles each retry. */
  backoffMs?: number;
  /** One evaluation with more transitions than this sends one digest instead. */
  digestAbove?: number;
  /** Per request (ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Deliveries the /alerts page lists. */
const RECENT_DELIVERIES = 100;

/** A webhook URL as shown on /alerts: its origin only (Slack and Teams URLs carry their secret in the path). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}/…`;
  } catch {
    return 'an invalid URL';
  }
}

/** `path` (`/queues/x`) under `baseUrl`, keeping the base's own path (an environment's `/e/<name>`). */
function linkTo(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  return new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base.origin).toString();
}

/** The JSON for one transition: what Slack and Teams show is `text`. */
export function transitionMessage(t: Transition, baseUrl: string): AlertMessage {
  const f = t.finding;
  const url = linkTo(baseUrl, f.resource.href);
  const summary = f.title;
  const icon = t.status === 'open' ? (f.severity === 'critical' ? '🔴' : '🟠') : '✅';
  const verb = t.status === 'open' ? `${f.severity === 'critical' ? 'Critical' : 'Warning'}` : 'Resolved';
  return {
    status: t.status,
    rule: f.rule,
    severity: f.severity,
    resource: { kind: f.resource.kind, name: f.resource.name },
    summary,
    since: new Date(t.since).toISOString(),
    url,
    text: `${icon} ${verb}: ${summary} (${f.resource.kind} ${f.resource.name}, since ${new Date(t.since).toISOString()}) ${url}`,
  };
}

/** One message for many transitions at once: counts, and each transition's line. */
export function digestMessage(transitions: readonly Transition[], baseUrl: string): AlertMessage {
  const messages = transitions.map((t) => transitionMessage(t, baseUrl));
  const opened = messages.filter((m) => m.status === 'open').length;
  const resolved = messages.length - opened;
  const url = linkTo(baseUrl, '/alerts');
  const summary = `${opened} findings opened, ${resolved} resolved`;
  return {
    status: 'digest',
    summary,
    url,
    findings: messages.map(({ text: _text, ...m }) => m),
    text: [`Eddy: ${summary} — ${url}`, ...messages.map((m) => `• ${m.text}`)].join('\n'),
  };
}

/**
 * Sends alerts to every webhook: one message per transition (a digest when one evaluation brings
 * more than `digestAbove`), each retried with exponential backoff, all in the background — `notify`
 * returns at once, so delivery never holds up an evaluation. Keeps the recent deliveries for /alerts.
 */
export class AlertDeliverer {
  private readonly recent: AlertDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly digestAbove: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: AlertDelivererOptions) {
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 2_000;
    this.digestAbove = options.digestAbove ?? 10;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref?.()));
  }

  /** How many webhooks alerts go to. */
  get webhooks(): number {
    return this.options.urls.length;
  }

  /** Queues the messages for one evaluation's transitions; returns at once. */
  notify(transitions: readonly Transition[]): void {
    if (transitions.length === 0 || this.options.urls.length === 0) return;
    const messages = transitions.length > this.digestAbove ? [digestMessage(transitions, this.options.baseUrl)] : transitions.map((t) => transitionMessage(t, this.options.baseUrl));
    for (const url of this.options.urls) {
      for (const message of messages) {
        const work = this.deliver(url, message).finally(() => this.inFlight.delete(work));
        this.inFlight.add(work);
      }
    }
  }

  private async deliver(url: string, message: AlertMessage): Promise<void> {
    const delivery: AlertDelivery = {
      id: ++this.sequence,
      webhook: redactUrl(url),
      status: 'pending',
      messageStatus: message.status,
      summary: message.summary,
      attempts: 0,
      queuedAt: new Date(this.now()).toISOString(),
    };
    this.recent.unshift(delivery);
    this.recent.splice(RECENT_DELIVERIES);
    const body = JSON.stringify(message);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      delivery.attempts = attempt;
      try {
        const response = await this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(this.timeoutMs) });
        await response.body?.cancel().catch(() => undefined);
        if (response.ok) {
          delivery.status = 'delivered';
          delivery.lastError = undefined;
          delivery.doneAt = new Date(this.now()).toISOString();
          return;
        }
        delivery.lastError = `HTTP ${response.status}`;
      } catch (error) {
        delivery.lastError = error instanceof Error ? error.message : String(error);
      }
      if (attempt < this.attempts) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
    }
    delivery.status = 'failed';
    delivery.doneAt = new Date(this.now()).toISOString();
  }

  /** The recent deliveries, newest first (copies). */
  deliveries(): AlertDelivery[] {
    return this.recent.map((d) => ({ ...d }));
  }

  /** Resolves once every queued delivery has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
