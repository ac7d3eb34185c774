import 'server-only';
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { AwsServiceName, ServiceHealth } from '@/lib/types/health';
import { getClients } from './clients';
import { awsErrorMessage, awsErrorName } from './errors';

/** A health probe must answer quickly even when the endpoint hangs. */
const PROBE_TIMEOUT_MS = 3_000;

type Probe = (abortSignal: AbortSignal) => Promise<unknown>;

function probes(): Record<AwsServiceName, Probe> {
  const c = getClients();
  // The cheapest real call of each service: one page of one item.
  return {
    DynamoDB: (abortSignal) => c.dynamodb.send(new ListTablesCommand({ Limit: 1 }), { abortSignal }),
    'DynamoDB Streams': (abortSignal) => c.streams.send(new ListStreamsCommand({ Limit: 1 }), { abortSignal }),
    SQS: (abortSignal) => c.sqs.send(new ListQueuesCommand({ MaxResults: 1 }), { abortSignal }),
    Lambda: (abortSignal) => c.lambda.send(new ListFunctionsCommand({ MaxItems: 1 }), { abortSignal }),
    CloudWatch: (abortSignal) => c.cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent' }), { abortSignal }),
  };
}

async function probe(service: AwsServiceName, run: Probe): Promise<ServiceHealth> {
  const started = performance.now();
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  try {
    await run(signal);
    return { service, ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      service,
      ok: false,
      code: timedOut ? 'TimeoutError' : awsErrorName(error),
      message: timedOut ? `No answer within ${PROBE_TIMEOUT_MS / 1000} s.` : awsErrorMessage(error),
      latencyMs: Math.round(performance.now() - started),
    };
  }
}

/** One cheap real call per service, in parallel, each with a short timeout. */
export async function probeServices(): Promise<ServiceHealth[]> {
  return Promise.all(Object.entries(probes()).map(([service, run]) => probe(service as AwsServiceName, run)));
}
