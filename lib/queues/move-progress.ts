/** What a progress bar shows of a move task. */
export interface MoveProgress {
  /** 0..100. */
  percent: number;
  /** Messages a second since the start, when measurable. */
  perSecond?: number;
  /** Seconds left at that rate, when measurable. */
  etaSeconds?: number;
}

/**
 * The progress of a message move task from its counters (which AWS updates approximately: the
 * moved count may pass the to-move count, and keeps catching up after the end). `toMove`
 * undefined (SQS has not counted yet): no share of it and no time left, only the rate. `moved`
 * or `startedAt` undefined (SQS did not return them): no share, no rate — nothing made up from a 0
 * or a 1970 start.
 */
export function moveProgress(task: { moved?: number; toMove?: number; startedAt?: number; status: string }, now: number): MoveProgress {
  const done = task.status === 'COMPLETED';
  if (task.moved === undefined) return { percent: done ? 100 : 0 };
  const percent = done ? 100 : !task.toMove ? 0 : Math.min(100, Math.floor((task.moved / task.toMove) * 100));
  if (task.startedAt === undefined) return { percent };
  const elapsed = (now - task.startedAt) / 1000;
  if (elapsed <= 0 || task.moved === 0) return { percent };
  const perSecond = task.moved / elapsed;
  if (task.toMove === undefined) return { percent, perSecond, etaSeconds: undefined };
  const left = Math.max(0, task.toMove - task.moved);
  return { percent, perSecond, etaSeconds: task.status === 'RUNNING' ? left / perSecond : undefined };
}
