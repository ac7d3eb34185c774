/**
 * An error the emulator answers in AWS's wire form. `code` is the modeled shape name
 * (`ResourceNotFoundException`, `QueueDoesNotExist`); `queryCode` is the legacy awsQuery code
 * that query-compatible services (SQS, CloudWatch) also send in `x-amzn-query-error`.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly queryCode?: string;
  readonly senderFault: boolean;
  /** Extra members of a JSON error body (DynamoDB's `Item`, `CancellationReasons`). */
  readonly fields?: Record<string, unknown>;

  constructor(code: string, message: string, options: { status?: number; queryCode?: string; senderFault?: boolean; fields?: Record<string, unknown> } = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.status = options.status ?? 400;
    this.queryCode = options.queryCode;
    this.senderFault = options.senderFault ?? this.status < 500;
    this.fields = options.fields;
  }
}

/** `ValidationException`, the error DynamoDB, Streams and CloudWatch use for bad input. */
export function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** The status AWS uses for an error code a fault rule names without a status. */
export function defaultStatusFor(code: string): number {
  if (/^(InternalServerError|InternalFailure|InternalError|InternalServiceError|ServiceException)$/.test(code)) return 500;
  if (/^(ServiceUnavailable|ServiceUnavailableException)$/.test(code)) return 503;
  if (code === 'RequestThrottled' || code === 'OverLimit') return 403;
  if (code === 'TooManyRequestsException') return 429;
  return 400;
}
