import 'server-only';
import { serviceOfAction } from '@/lib/access/gaps';
import { AppError, type AppErrorCode } from '@/lib/errors';

const codeByAwsName: Record<string, AppErrorCode> = {
  ResourceNotFoundException: 'not_found',
  QueueDoesNotExist: 'not_found',
  'AWS.SimpleQueueService.NonExistentQueue': 'not_found',
  TableNotFoundException: 'not_found',
  ValidationException: 'invalid',
  InvalidParameterValue: 'invalid',
  InvalidParameterValueException: 'invalid',
  InvalidParameterException: 'invalid',
  MalformedQueryException: 'invalid',
  InvalidAttributeValue: 'invalid',
  InvalidAttributeName: 'invalid',
  InvalidMessageContents: 'invalid',
  ConditionalCheckFailedException: 'conflict',
  ResourceInUseException: 'conflict',
  QueueNameExists: 'conflict',
  PurgeQueueInProgress: 'conflict',
  ThrottlingException: 'throttled',
  Throttling: 'throttled',
  LimitExceededException: 'throttled',
  ProvisionedThroughputExceededException: 'throttled',
  RequestThrottled: 'throttled',
  TooManyRequestsException: 'throttled',
  AccessDeniedException: 'forbidden',
  AccessDenied: 'forbidden',
  // SNS's query-protocol name for a denied action.
  AuthorizationError: 'forbidden',
  UnrecognizedClientException: 'forbidden',
  InvalidClientTokenId: 'forbidden',
  InvalidSignatureException: 'forbidden',
  ExpiredTokenException: 'forbidden',
  CredentialsProviderError: 'forbidden',
};

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** The AWS error name, or the network error code (`ECONNREFUSED`) behind an SDK failure. */
export function awsErrorName(error: unknown): string {
  const e = error as { name?: string; code?: string; errors?: { code?: string }[]; cause?: unknown } | null;
  if (!e) return 'Error';
  // Node's happy-eyeballs connect throws an AggregateError whose parts carry the code.
  const code = e.code ?? e.errors?.find((inner) => inner.code)?.code;
  if (code && NETWORK_CODES.has(code)) return code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'ETIMEDOUT') return 'TimeoutError';
  if (e.name && e.name !== 'Error' && e.name !== 'AggregateError') return e.name;
  return code ?? e.name ?? 'Error';
}

/** A readable message for an SDK failure, never empty. */
export function awsErrorMessage(error: unknown): string {
  const e = error as { message?: string; errors?: { message?: string }[] } | null;
  const message = e?.message || e?.errors?.find((inner) => inner.message)?.message;
  const name = awsErrorName(error);
  if (NETWORK_CODES.has(name)) return `The AWS endpoint cannot be reached (${message || name}).`;
  if (name === 'TimeoutError') return 'The AWS endpoint did not answer in time.';
  if (name === 'CredentialsProviderError') return `No AWS credentials were found: ${message}`;
  return message || name;
}

/**
 * The IAM action of each failed SDK call (set by the outcome middleware) and of the AppError made
 * from it, on the error itself: a process-wide cache (the queue sampler) may throw it into a route
 * bundled with another copy of this module, which must still read it.
 */
const FAILED_ACTION = Symbol.for('eddy.failedAction');

/** Tags a failed SDK call's error with its IAM action (`sqs:ReceiveMessage`). */
export function noteFailedAction(error: unknown, action: string): void {
  if (error && typeof error === 'object' && Object.isExtensible(error)) Object.defineProperty(error, FAILED_ACTION, { value: action, configurable: true });
}

/** The IAM action whose call failed with this error, when Eddy's clients made the call. */
export function failedActionOf(error: unknown): string | undefined {
  const action = error && typeof error === 'object' ? (error as Record<symbol, unknown>)[FAILED_ACTION] : undefined;
  return typeof action === 'string' ? action : undefined;
}

/** Maps an SDK exception once, at the adapter edge, to Eddy's AppError. */
export function toAppErrorFromAws(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const appError = mapAwsError(error);
  const action = failedActionOf(error);
  if (!action) return appError;
  // Name what is missing: the permission a denied call needs, the service that did not answer.
  let message = appError.message;
  if (appError.code === 'forbidden') message = `Eddy needs \`${action}\`: ${appError.message}`;
  else if (appError.code === 'unavailable' || appError.code === 'timeout') message = `${serviceOfAction(action)} is not reachable (${action}): ${appError.message}`;
  const named = new AppError(appError.code, message, appError.detail);
  noteFailedAction(named, action);
  return named;
}

function mapAwsError(error: unknown): AppError {
  const name = awsErrorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  let code: AppErrorCode = codeByAwsName[name] ?? 'internal';
  if (code === 'internal') {
    if (NETWORK_CODES.has(name)) code = 'unavailable';
    else if (name === 'TimeoutError') code = 'timeout';
    else if (status === 404) code = 'not_found';
    else if (status === 403) code = 'forbidden';
    else if (status && status >= 500) code = 'unavailable';
  }
  return new AppError(code, awsErrorMessage(error), name);
}
