import 'server-only';
import { ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { ChangeMessageVisibilityBatchCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { TracedMessage } from '@/lib/types/traces';
import { getClients } from './clients';
import { toAppErrorFromAws } from './errors';

// TODO(issue 7 merged): replace with its leased browse (server/redrive/lease.ts) and
// listFailureDestinations (server/aws/lambda-destinations.ts), which do the same.

/** How long a message read for a trace stays hidden at most: it is released as soon as the read ends. */
export const TRACE_LEASE_SECONDS = 20;

function toTracedMessage(m: Message): TracedMessage {
  const sys = m.Attributes ?? {};
  const body = m.Body ?? '';
  return {
    messageId: m.MessageId ?? '',
    body,
    bodyBytes: Buffer.byteLength(body, 'utf8'),
    attributes: Object.entries(m.MessageAttributes ?? {})
      .map(([name, a]) => {
        const binary = a.BinaryValue !== undefined;
        return { name, dataType: a.DataType ?? 'String', value: binary ? Buffer.from(a.BinaryValue as Uint8Array).toString('base64') : (a.StringValue ?? ''), binary };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    systemAttributes: { ...sys },
    receiveCount: Number(sys.ApproximateReceiveCount ?? 0),
    sentAt: Number(sys.SentTimestamp ?? 0),
    sourceQueue: sys.DeadLetterQueueSourceArn ? sys.DeadLetterQueueSourceArn.split(':').pop() : undefined,
    redrivenFrom: m.MessageAttributes?.['eddy-redriven-from']?.StringValue,
  };
}

/**
 * Reads up to `limit` messages of a queue with a short lease and releases every one at once
 * (DESIGN.md §5), stopping early when `enough` says so. Short polls; two empty ones end the read.
 */
export async function browseForTrace(url: string, limit: number, enough: (got: TracedMessage[]) => boolean = () => false): Promise<TracedMessage[]> {
  const byId = new Map<string, { message: TracedMessage; handle: string }>();
  const started = Date.now();
  let empty = 0;
  try {
    while (byId.size < limit && empty < 2 && Date.now() - started < (TRACE_LEASE_SECONDS * 1000) / 2) {
      const out = await getClients().sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: Math.min(10, limit - byId.size),
          VisibilityTimeout: TRACE_LEASE_SECONDS,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      const batch = out.Messages ?? [];
      empty = batch.length === 0 ? empty + 1 : 0;
      for (const m of batch) byId.set(m.MessageId ?? '', { message: toTracedMessage(m), handle: m.ReceiptHandle ?? '' });
      if (enough([...byId.values()].map((v) => v.message))) break;
    }
  } catch (error) {
    throw toAppErrorFromAws(error);
  } finally {
    const handles = [...byId.values()].map((v) => v.handle);
    for (let i = 0; i < handles.length; i += 10) {
      const entries = handles.slice(i, i + 10).map((ReceiptHandle, j) => ({ Id: `r${j}`, ReceiptHandle, VisibilityTimeout: 0 }));
      // A release that fails ends by itself with the short lease: nothing is lost.
      await getClients()
        .sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }))
        .catch(() => undefined);
    }
  }
  return [...byId.values()].map((v) => v.message);
}

/** Queue ARN → the functions that name it as their on-failure destination. */
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
        byQueueArn.set(destination, [...new Set([...(byQueueArn.get(destination) ?? []), fn])]);
      }
      marker = page.NextMarker;
    } while (marker);
  } catch (error) {
    throw toAppErrorFromAws(error);
  }
  return byQueueArn;
}
