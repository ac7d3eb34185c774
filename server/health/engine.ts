import { evaluateRules, undeterminedFindings, type HealthInputs } from '@/lib/health/rules';
import { openFindings, stepFindings, type Tracked, type Transition } from '@/lib/health/hysteresis';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '@/lib/health/thresholds';
import type { Finding } from '@/lib/types/flow';

/** What one observation yields: the rules' inputs, and whether part of the account could not be read. */
export interface Observation extends HealthInputs {
  /**
   * The queue list or the mappings could not be read: what they would show is unknown, so no
   * finding resolves on this evaluation (one may still open).
   */
  incomplete?: boolean;
  /** Why it is incomplete, in words (the gaps: an action denied, a service unreachable). */
  incompleteBecause?: string[];
}

export interface HealthEngineOptions {
  /** Reads the inputs of one evaluation (the one queue sampler, mappings, CloudWatch). */
  observe: () => Promise<Observation>;
  /** The thresholds, read at each evaluation (eddy.config.json may change). */
  thresholds?: () => Promise<HealthThresholds> | HealthThresholds;
  now?: () => number;
  /** Called with each evaluation's transitions (alerts); must not block, errors are ignored. */
  onTransitions?: (transitions: Transition[], open: Finding[]) => void;
}

/** Transitions the engine remembers for the /alerts page. */
const RECENT_TRANSITIONS = 200;

/**
 * The one health engine: evaluates every rule on a steady cadence from the moment Eddy starts,
 * whether or not a page is open, and keeps the findings' state so a finding opens only once it
 * held two evaluations in a row and closes only after a grace period clear. Every verdict Eddy
 * shows — graph colours, tiles, "Needs attention", badges, alerts — is read from `open()`.
 */
export class HealthEngine {
  private tracked = new Map<string, Tracked>();
  private readonly recent: Transition[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<Finding[]>;
  private stopped = true;
  private evaluatedAt?: number;
  private evaluations = 0;
  private lastError?: { at: number; message: string };
  /** Why the last evaluation's look was incomplete (no finding resolved on it); empty when it was complete. */
  private incompleteBecause: string[] = [];
  private thresholdsInUse: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS;
  private readonly now: () => number;

  constructor(private readonly options: HealthEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the cadence: an evaluation now, then one every `evaluateEverySeconds`. Idempotent. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    this.evaluate()
      .catch(() => undefined) // recorded in lastError by evaluate
      .finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => this.tick(), this.thresholdsInUse.evaluateEverySeconds * 1000);
        this.timer.unref?.();
      });
  }

  /**
   * One evaluation, shared by concurrent callers. A failed observation changes nothing (no
   * finding resolves because Eddy could not look) and is reported by `status()`.
   */
  evaluate(): Promise<Finding[]> {
    this.running ??= this.evaluateOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async evaluateOnce(): Promise<Finding[]> {
    let observation: Observation;
    try {
      this.thresholdsInUse = (await this.options.thresholds?.()) ?? DEFAULT_HEALTH_THRESHOLDS;
      observation = await this.options.observe();
    } catch (error) {
      this.lastError = { at: this.now(), message: error instanceof Error ? error.message : String(error) };
      throw error;
    }
    const t = this.thresholdsInUse;
    const holding = evaluateRules(observation, t);
    const now = this.now();
    const previous = this.tracked;
    const step = stepFindings(previous, holding, now, { openAfter: t.openAfterEvaluations, closeAfterMs: t.closeAfterClearSeconds * 1000 }, undeterminedFindings(observation));
    let { tracked, transitions } = step;
    if (observation.incomplete) {
      // Keep what would have resolved: its absence may be what could not be read.
      for (const tr of transitions.filter((x) => x.status === 'resolved')) tracked.set(tr.finding.id, { ...previous.get(tr.finding.id)!, streak: 0 });
      transitions = transitions.filter((x) => x.status === 'open');
      tracked = new Map(tracked);
    }
    this.tracked = tracked;
    this.incompleteBecause = observation.incomplete ? (observation.incompleteBecause?.length ? observation.incompleteBecause : ['Part of the account could not be read.']) : [];
    this.evaluatedAt = now;
    this.evaluations++;
    this.lastError = undefined;
    this.recent.unshift(...[...transitions].reverse());
    this.recent.splice(RECENT_TRANSITIONS);
    const open = openFindings(tracked);
    if (transitions.length > 0) {
      try {
        this.options.onTransitions?.(transitions, open);
      } catch {
        // Alerts never stop the evaluation.
      }
    }
    return open;
  }

  /** The open findings, critical first, each with `since` and its evidence. */
  open(): Finding[] {
    return openFindings(this.tracked);
  }

  /** When it last evaluated, how often, what failed, recent transitions newest first. */
  status(): {
    evaluatedAt: number | null;
    evaluations: number;
    lastError: { at: number; message: string } | null;
    incompleteBecause: string[];
    transitions: Transition[];
    thresholds: HealthThresholds;
  } {
    return {
      evaluatedAt: this.evaluatedAt ?? null,
      evaluations: this.evaluations,
      lastError: this.lastError ?? null,
      incompleteBecause: [...this.incompleteBecause],
      transitions: [...this.recent],
      thresholds: this.thresholdsInUse,
    };
  }
}
