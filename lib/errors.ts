/** What went wrong, in the words screens switch on. */
export const appErrorCodes = [
  'invalid',
  'unauthenticated',
  'not_found',
  'forbidden',
  'conflict',
  'throttled',
  'unavailable',
  'timeout',
  'internal',
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

const statusByCode: Record<AppErrorCode, number> = {
  invalid: 422,
  unauthenticated: 401,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  throttled: 429,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

/** The error body every route answers with: `{error: {code, message}}`. */
export interface ErrorBody {
  error: { code: AppErrorCode; message: string; detail?: string };
}

/** Marks every AppError, whichever copy of this module made it. */
const APP_ERROR_BRAND = Symbol.for('eddy.AppError');

/**
 * The one error type of Eddy, from the AWS adapters to the browser. `detail` carries the AWS
 * error name (`UnrecognizedClientException`, `ECONNREFUSED`) when there is one.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly detail?: string;

  /**
   * An AppError made by another copy of this module is an AppError too: Next bundles a module
   * once per route, and a process-wide singleton (the queue sampler, the flow monitor) throws
   * the class of the route that created it into every other route.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_ERROR_BRAND] === true;
  }

  constructor(code: AppErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    Object.defineProperty(this, APP_ERROR_BRAND, { value: true });
  }

  get status(): number {
    return statusByCode[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) } };
  }

  /** Rebuilds an AppError from a route's error body; anything else becomes `internal`. */
  static fromBody(body: unknown, status: number): AppError {
    const error = (body as Partial<ErrorBody> | null)?.error;
    if (error && typeof error.message === 'string' && (appErrorCodes as readonly string[]).includes(error.code)) {
      return new AppError(error.code, error.message, error.detail);
    }
    return new AppError(status === 404 ? 'not_found' : 'internal', `The server answered ${status} without an explanation.`);
  }
}

/** Anything thrown, as an AppError (a non-Error becomes `internal`). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) return new AppError('internal', error.message || error.name);
  return new AppError('internal', String(error));
}
