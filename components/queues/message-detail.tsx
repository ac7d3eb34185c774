import { Unknown } from '@/components/ui/unknown';
import Link from '@/components/ui/env-link';
import { formatBytes, formatCount, formatDuration } from '@/lib/format';
import { deadLetterExpiry } from '@/lib/queues/expiry';
import { summariseFailureRecord } from '@/lib/queues/failure-record';
import type { QueueMessage } from '@/lib/types/queues';
import { MessageAttributesTable } from './message-attributes';
import { MessageBody } from './message-body';
import { ReceiveCount } from './receive-count';
import { Time } from '../ui/time';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** Everything known of one message, untrusted content rendered as text only. */
export function MessageDetail({ queueName, override, message, queue, now }: { queueName: string; override: boolean; message: QueueMessage; queue: { retentionSeconds: number; fifo: boolean; maxReceiveCount?: number }; now: number }) {
  const record = summariseFailureRecord(message.body);
  const expiry = deadLetterExpiry({ sentAt: message.sentAt, retentionSeconds: queue.retentionSeconds, fifo: queue.fifo, now });
  return (
    <section aria-label={`Message ${message.messageId}`} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <dl>
        <Row label="Message ID">
          <span className="font-mono">{message.messageId}</span>
        </Row>
        <Row label="Sent">{message.sentAt ? <Time at={message.sentAt} /> : <Unknown reason={message.unknownReason ?? 'SQS did not return SentTimestamp.'} />}</Row>
        <Row label="Receives">
          <ReceiveCount message={message} suffix={queue.maxReceiveCount ? ` of ${queue.maxReceiveCount} (maxReceiveCount)` : ''} testId="receive-count" unknownReason={message.unknownReason} />
        </Row>
        <Row label="Source queue">
          {message.sourceQueue ? (
            <Link className="font-mono text-sky-700 hover:underline dark:text-sky-300" href={`/queues/${encodeURIComponent(message.sourceQueue)}`}>
              {message.sourceQueue}
            </Link>
          ) : (
            <Unknown reason="The message carries no DeadLetterQueueSourceArn and this DLQ has more than one source queue (or none could be listed)." />
          )}
          {message.sourceQueueInferred && (
            <span className="ml-2 text-xs text-slate-500">
              {message.sourceQueueVia === 'subscription' ? '(the queue of the SNS subscription that dead-letters here)' : '(this DLQ\'s only source queue)'}
            </span>
          )}
        </Row>
        {message.redrivenFrom && <Row label="Redriven before from">{message.redrivenFrom}</Row>}
        {message.shapeNote && <Row label="Shape">{message.shapeNote}</Row>}
        <Row label="Expires">
          {expiry ? (
            <span data-testid="expiry-clock" className={expiry.soon ? 'font-semibold text-rose-700 dark:text-rose-400' : ''}>
              {expiry.secondsLeft === 0 ? 'expired (deleted by retention any moment)' : `${expiry.atLeast ? 'in at least ' : 'in '}${formatDuration(expiry.secondsLeft)}`} ·{' '}
              <Time at={expiry.expiresAt} />
              {!queue.fifo && ' (retention counted from the original sent time)'}
            </span>
          ) : (
            <span data-testid="expiry-clock">
              <Unknown reason="The sent time is unknown, so the retention clock is too." />
            </span>
          )}
        </Row>
        <Row label="Size">{formatBytes(message.bodyBytes)}</Row>
      </dl>
      {record && (
        <div data-testid="failure-record" className="rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
          <h3 className="mb-1 font-semibold">Lambda on-failure record</h3>
          <dl>
            <Row label="Function">{record.functionName}</Row>
            <Row label="Condition">
              {record.condition}
              {record.functionError ? ` (${record.functionError})` : ''}
              {record.approximateInvokeCount ? ` after ${record.approximateInvokeCount} invocations` : ''}
            </Row>
            <Row label="Shard">
              <span className="font-mono">{record.shardId}</span>
            </Row>
            <Row label="Sequence range">
              <span className="font-mono">
                {record.startSequenceNumber} – {record.endSequenceNumber}
              </span>
            </Row>
            <Row label="Batch size">{record.batchSize === undefined ? <Unknown reason="The on-failure record carries no batchSize." /> : formatCount(record.batchSize)}</Row>
            <Row label="Stream">
              <span className="font-mono text-xs">{record.streamArn}</span>
            </Row>
          </dl>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">The record carries no data: the failed records are in the stream only until they are trimmed (24 h).</p>
        </div>
      )}
      <MessageBody queueName={queueName} message={message} override={override} />
      <div>
        <h3 className="mb-1 font-semibold">Message attributes</h3>
        {message.attributes.length === 0 ? (
          <p className="text-slate-500">None.</p>
        ) : (
          <MessageAttributesTable attributes={message.attributes} />
        )}
      </div>
      <div>
        <h3 className="mb-1 font-semibold">System attributes</h3>
        <table className="w-full text-xs" aria-label="System attributes">
          <tbody>
            {Object.entries(message.systemAttributes).map(([k, v]) => (
              <tr key={k} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1 pr-2 font-mono">{k}</td>
                <td className="break-all py-1 font-mono">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
