import 'server-only';
import { z } from 'zod';
import { AppError, toAppError } from '@/lib/errors';

/** The JSON answer of a route for an error: `{error: {code, message}}` with the matching status. */
export function errorResponse(error: unknown): Response {
  const appError = error instanceof z.ZodError ? new AppError('invalid', error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')) : toAppError(error);
  if (appError.code === 'internal') console.error('[eddy] internal error', error);
  return Response.json(appError.toBody(), { status: appError.status, headers: { 'cache-control': 'no-store' } });
}

/** Runs a route's work and answers JSON, mapping every failure to the one error shape. */
export async function jsonRoute<T>(work: () => Promise<T>): Promise<Response> {
  try {
    return Response.json(await work(), { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
