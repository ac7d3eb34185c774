import 'server-only';
import { toAppError } from '@/lib/errors';
import type { Result } from '@/lib/result';

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
