import { DATA_LOSS_CRITICAL_MS, DATA_LOSS_WARNING_MS, STREAM_RETENTION_MS } from './thresholds';

export type DataLossLevel = 'ok' | 'warning' | 'critical' | 'lost';

export interface DataLossClock {
  /** Time left before the oldest unread record is trimmed; 0 once records are being lost. */
  remainingMs: number;
  level: DataLossLevel;
  /** Share of the 24 h retention already used by the lag, 0–1, for a gauge. */
  usedShare: number;
}

/**
 * The stream data-loss clock: 24 h (the stream's retention) minus the consumer's iterator age —
 * how long before records it has not read yet are trimmed for good. A null age (no datapoint)
 * gives null: an unknown lag is not "24 h left".
 */
export function dataLossClock(iteratorAgeMs: number | null, thresholds = { warningMs: DATA_LOSS_WARNING_MS, criticalMs: DATA_LOSS_CRITICAL_MS }): DataLossClock | null {
  if (iteratorAgeMs === null || !Number.isFinite(iteratorAgeMs)) return null;
  const age = Math.max(0, iteratorAgeMs);
  const remainingMs = Math.max(0, STREAM_RETENTION_MS - age);
  const usedShare = Math.min(1, age / STREAM_RETENTION_MS);
  let level: DataLossLevel = 'ok';
  if (remainingMs === 0) level = 'lost';
  else if (remainingMs <= thresholds.criticalMs) level = 'critical';
  else if (remainingMs <= thresholds.warningMs) level = 'warning';
  return { remainingMs, level, usedShare };
}
