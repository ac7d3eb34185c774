import 'server-only';
import { ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

/**
 * Which functions name each SQS queue as their on-failure destination
 * (`DestinationConfig.OnFailure.Destination` of a stream event source mapping), by queue ARN.
 * Such a queue holds Lambda's failure records: it is browsable, but it is no DLQ of any queue,
 * so a message move task does not apply to it.
 */
export async function listFailureDestinations(): Promise<Map<string, string[]>> {
  const byQueueArn = new Map<string, string[]>();
  let marker: string | undefined;
  try {
    do {
      const page = await getClients().lambda.send(new ListEventSourceMappingsCommand({ Marker: marker, MaxItems: 100 }));
      for (const m of page.EventSourceMappings ?? []) {
        const destination = m.DestinationConfig?.OnFailure?.Destination;
        if (!destination?.startsWith('arn:aws:sqs:') || !m.FunctionArn) continue;
        const fn = m.FunctionArn.split(':function:')[1]?.split(':')[0] ?? m.FunctionArn;
        const names = byQueueArn.get(destination) ?? [];
        if (!names.includes(fn)) names.push(fn);
        byQueueArn.set(destination, names);
      }
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return byQueueArn;
}
