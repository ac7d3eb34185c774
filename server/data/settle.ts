import 'server-only';
import { isSameGap } from '@/lib/access/gaps';
import { AppError, toAppError } from '@/lib/errors';
import type { Result } from '@/lib/result';
import type { Gap } from '@/lib/types/access';
import { gapOf } from '../aws/gaps';

/** Awaits server work for a page and returns its value or its AppError as data. */
export async function settle<T>(work: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') console.error('[eddy] page data failed', error);
    return { ok: false, error: appError.toBody().error };
  }
}

/**
 * Collects the gaps of one page: each optional part is awaited with `part`, which answers the
 * fallback and records a gap when its AWS call failed. One gap per unreachable service: when
 * Lambda is down, saying it once is enough.
 */
export class Gaps {
  readonly list: Gap[] = [];

  add(gap: Gap | undefined): void {
    if (!gap || this.list.some((g) => isSameGap(g, gap))) return;
    this.list.push(gap);
  }

  /** `work`'s value, or `fallback` and a gap when an AWS call behind it failed. */
  async part<T>(work: Promise<T>, fallback: T, consequence: string): Promise<T> {
    try {
      return await work;
    } catch (error) {
      const gap = gapOf(error, consequence);
      if (!gap) {
        if (error instanceof AppError && error.code !== 'internal') {
          this.list.push({ action: 'unknown', state: 'failed', message: `${error.message}: ${consequence}.` });
          return fallback;
        }
        throw error;
      }
      this.add(gap);
      return fallback;
    }
  }
}
