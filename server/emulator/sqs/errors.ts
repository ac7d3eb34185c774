import { AwsError } from '../core/errors';

/**
 * SQS's errors with their modeled shape (the `__type`), legacy query code (`x-amzn-query-error`)
 * and status, from the `awsQueryError` traits of the SQS model (reference §5.10).
 */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', { queryCode: 'AWS.SimpleQueueService.NonExistentQueue' }),
  queueNameExists: (message: string) => new AwsError('QueueNameExists', message, { queryCode: 'QueueAlreadyExists' }),
  queueDeletedRecently: () =>
    new AwsError('QueueDeletedRecently', 'You must wait 60 seconds after deleting a queue before you can create another with the same name.', {
      queryCode: 'AWS.SimpleQueueService.QueueDeletedRecently',
    }),
  receiptHandleIsInvalid: (handle: string) =>
    new AwsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, {
      status: 404,
      queryCode: 'ReceiptHandleIsInvalid',
    }),
  messageNotInflight: () =>
    new AwsError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.', {
      queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
    }),
  purgeQueueInProgress: (queueName: string) =>
    new AwsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${queueName} is allowed every 60 seconds.`, {
      status: 403,
      queryCode: 'AWS.SimpleQueueService.PurgeQueueInProgress',
    }),
  resourceNotFound: (message: string) => new AwsError('ResourceNotFoundException', message, { status: 404, queryCode: 'ResourceNotFoundException' }),
  emptyBatchRequest: (entryShape: string) =>
    new AwsError('EmptyBatchRequest', `There should be at least one ${entryShape} in the request.`, {
      queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
    }),
  tooManyEntries: (sent: number) =>
    new AwsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${sent}.`, {
      queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    }),
  batchEntryIdsNotDistinct: (id: string) =>
    new AwsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, { queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct' }),
  invalidBatchEntryId: () =>
    new AwsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.', {
      queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId',
    }),
  batchRequestTooLong: (limit: number, sent: number) =>
    new AwsError('BatchRequestTooLong', `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`, {
      queryCode: 'AWS.SimpleQueueService.BatchRequestTooLong',
    }),
  invalidAttributeName: (name: string) => new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`, { queryCode: 'InvalidAttributeName' }),
  invalidAttributeValue: (message: string) => new AwsError('InvalidAttributeValue', message, { queryCode: 'InvalidAttributeValue' }),
  invalidMessageContents: () =>
    new AwsError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      { queryCode: 'InvalidMessageContents' },
    ),
  /** Not modeled: the SDK surfaces it as `SQSServiceException` named `InvalidParameterValue`. */
  invalidParameterValue: (message: string) => new AwsError('InvalidParameterValueException', message, { queryCode: 'InvalidParameterValue' }),
  missingParameter: (name: string) =>
    new AwsError('MissingRequiredParameterException', `The request must contain the parameter ${name}.`, { queryCode: 'MissingParameter' }),
};

/** The Failed[] entry a batch reports for an entry-level error. */
export function failedEntry(id: string, error: AwsError): { Id: string; SenderFault: boolean; Code: string; Message: string } {
  return { Id: id, SenderFault: error.senderFault, Code: error.queryCode ?? error.code, Message: error.message };
}

/**
 * A batch's answer: `run` on each entry in order, its result (with the entry's Id) in
 * `Successful`, an entry's own error in `Failed`; the other entries go on (SQS batches are not
 * atomic).
 */
export function runBatch<E extends { Id: string }>(entries: readonly E[], run: (entry: E) => Record<string, unknown> | void) {
  const Successful: Record<string, unknown>[] = [];
  const Failed: ReturnType<typeof failedEntry>[] = [];
  for (const entry of entries) {
    try {
      Successful.push({ Id: entry.Id, ...(run(entry) ?? {}) });
    } catch (error) {
      Failed.push(failedEntry(entry.Id, error as AwsError));
    }
  }
  return { Successful, Failed };
}
