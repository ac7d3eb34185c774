import { AwsError } from '../core/errors';

/**
 * SNS's errors as the query protocol carries them: the wire code (`NotFound`, `InvalidParameter`)
 * is what SDK v3 maps to its classes (`NotFoundException`, …), reference part 2, §1.5.
 */
export const snsErrors = {
  invalidParameter: (message: string) => new AwsError('InvalidParameter', `Invalid parameter: ${message}`, { queryCode: 'InvalidParameter' }),
  parameterValueInvalid: (message: string) => new AwsError('ParameterValueInvalid', message, { queryCode: 'ParameterValueInvalid' }),
  topicNotFound: () => new AwsError('NotFound', 'Topic does not exist', { status: 404, queryCode: 'NotFound' }),
  subscriptionNotFound: () => new AwsError('NotFound', 'Subscription does not exist', { status: 404, queryCode: 'NotFound' }),
  resourceNotFound: () => new AwsError('ResourceNotFound', 'Resource does not exist', { status: 404, queryCode: 'ResourceNotFound' }),
  batch: (code: string, message: string) => new AwsError(code, message, { queryCode: code }),
  validationError: (message: string) => new AwsError('ValidationError', message, { queryCode: 'ValidationError' }),
};
