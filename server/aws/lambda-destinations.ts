import 'server-only';
import { listEventSourceMappings } from './lambda';

/**
 * Which functions name each SQS queue as their on-failure destination
 * (`DestinationConfig.OnFailure.Destination` of a stream event source mapping), by queue ARN.
 * Such a queue holds Lambda's failure records: it is browsable, but it is no DLQ of any queue,
 * so a message move task does not apply to it.
 */
export async function listFailureDestinations(): Promise<Map<string, string[]>> {
  const byQueueArn = new Map<string, string[]>();
  for (const m of await listEventSourceMappings()) {
    const destination = m.onFailureArn;
    if (!destination?.startsWith('arn:aws:sqs:') || !m.functionArn) continue;
    const names = byQueueArn.get(destination) ?? [];
    if (!names.includes(m.functionName)) names.push(m.functionName);
    byQueueArn.set(destination, names);
  }
  return byQueueArn;
}
