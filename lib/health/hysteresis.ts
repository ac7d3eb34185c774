import { compareFindings } from '@/lib/flow/findings';
import type { Finding } from '@/lib/types/flow';

/** What the engine remembers of one finding between evaluations. */
export interface Tracked {
  /** The latest evaluation's version of the finding (its evidence is the newest). */
  finding: Finding;
  /** Consecutive evaluations it held, up to now (0 once it stops holding). */
  streak: number;
  /** When it opened (epoch ms); undefined while it is only a candidate. */
  openedAt?: number;
  /** Since when it has been clear while open (epoch ms). */
  clearSince?: number;
}

export type TrackedFindings = ReadonlyMap<string, Tracked>;

/** A finding opening or resolving: one per change, what alerts are sent for. */
export interface Transition {
  status: 'open' | 'resolved';
  finding: Finding;
  /** When it opened (epoch ms). */
  since: number;
  /** When this transition happened (epoch ms). */
  at: number;
}

export interface HysteresisOptions {
  /** Consecutive evaluations a finding must hold before it opens. */
  openAfter: number;
  /** How long an open finding must be clear before it resolves (ms). */
  closeAfterMs: number;
}

/**
 * One evaluation's step of the no-flapping rule: a finding opens once it held `openAfter`
 * evaluations in a row, and an open one resolves only after it has been clear for `closeAfterMs`
 * (holding again within the grace keeps it open, with its first `since`). A finding in
 * `undetermined` (its figures unknown this time) is neither held nor clear: an open one stays as
 * it was, and does not resolve on it. Pure: returns the new state and the transitions; the input state
 * is not changed.
 */
export function stepFindings(
  previous: TrackedFindings,
  holding: readonly Finding[],
  now: number,
  options: HysteresisOptions,
  undetermined: ReadonlySet<string> = new Set(),
): { tracked: Map<string, Tracked>; transitions: Transition[] } {
  const tracked = new Map<string, Tracked>();
  const transitions: Transition[] = [];
  for (const finding of holding) {
    if (tracked.has(finding.id)) continue;
    const before = previous.get(finding.id);
    const next: Tracked = { finding, streak: (before?.streak ?? 0) + 1, openedAt: before?.openedAt };
    if (next.openedAt === undefined && next.streak >= options.openAfter) {
      next.openedAt = now;
      transitions.push({ status: 'open', finding, since: now, at: now });
    }
    tracked.set(finding.id, next);
  }
  for (const [id, before] of previous) {
    if (tracked.has(id) || before.openedAt === undefined) continue; // a candidate that stopped holding is forgotten
    if (undetermined.has(id)) {
      tracked.set(id, before);
      continue;
    }
    const clearSince = before.clearSince ?? now;
    if (now - clearSince >= options.closeAfterMs) {
      transitions.push({ status: 'resolved', finding: before.finding, since: before.openedAt, at: now });
      continue;
    }
    tracked.set(id, { ...before, streak: 0, clearSince });
  }
  return { tracked, transitions };
}

/** The open findings, each with its `since`, critical first. */
export function openFindings(tracked: TrackedFindings): Finding[] {
  return [...tracked.values()].filter((t) => t.openedAt !== undefined).map((t) => ({ ...t.finding, since: new Date(t.openedAt!).toISOString() }))
    .sort(compareFindings);
}
