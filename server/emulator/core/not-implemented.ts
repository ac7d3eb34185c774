import { AwsError } from './errors';

/** The answer for an operation a service does not implement, as AWS answers an unknown target. */
export function unknownOperation(target: string): AwsError {
  return new AwsError('UnknownOperationException', `Unknown operation ${target}`);
}
