import 'server-only';
import { gapMessage } from '@/lib/access/gaps';
import { toAppError } from '@/lib/errors';
import type { Gap } from '@/lib/types/access';
import { failedActionOf } from './errors';
import { outcomeStateOf } from './outcomes';

/**
 * What a failed AWS call costs the page, as a gap to show in place of it; `undefined` when the
 * error did not come from an AWS call (a bug, which the caller should let through).
 */
export function gapOf(error: unknown, consequence: string): Gap | undefined {
  const action = failedActionOf(error);
  if (!action) return undefined;
  const state = outcomeStateOf(error);
  if (state === 'allowed') return undefined;
  return { action, state, message: gapMessage(action, state, consequence, toAppError(error).detail) };
}
