'use client';

import { ScrollX } from '@/components/ui/scroll-x';
import Link from '@/components/ui/env-link';
import type { ReactNode } from 'react';
import { AppError } from '@/lib/errors';
import type { Result } from '@/lib/result';
import { formatBytes } from '@/lib/format';
import { keyText } from '@/lib/traces/correlation';
import { useTrace } from '@/lib/queries/traces';
import type { MutationPolicy } from '@/lib/types/queues';
import type { ItemHistory, ReadNote, Trace } from '@/lib/types/traces';
import { Card } from '../ui/card';
import { ErrorPanel } from '../ui/error-panel';
import { CopyButton } from './copy-button';
import { PublishCopies } from './publish-copies';
import { RedriveMessage } from './redrive-message';
import { itemSteps } from '@/lib/streams/ordering';
import { ShapeDiffers } from './shape-differs';
import { StreamRecord } from './stream-record';
import { TraceLogsSection } from './trace-logs';
import { TraceTimeline } from './trace-timeline';
import { Time } from '../ui/time';
import { EnvelopeAwareBody } from '../queues/sns-envelope';
import { MessageAttributesTable } from '../queues/message-attributes';
import { ReceiveCount } from '../queues/receive-count';

const enc = encodeURIComponent;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm">{children}</dd>
    </div>
  );
}

const noteClass: Record<ReadNote['status'], string> = {
  complete: 'text-slate-600 dark:text-slate-400',
  not_applicable: 'text-slate-600 dark:text-slate-400',
  partial: 'text-amber-800 dark:text-amber-300',
  capped: 'text-amber-800 dark:text-amber-300',
  trimmed: 'text-rose-700 dark:text-rose-300',
  gone: 'text-rose-700 dark:text-rose-300',
  busy: 'text-amber-800 dark:text-amber-300',
  unavailable: 'text-rose-700 dark:text-rose-300',
};

function Note({ note }: { note: ReadNote }) {
  return (
    <p data-testid="read-note" data-status={note.status} className={`text-xs ${noteClass[note.status]}`}>
      {note.message}
    </p>
  );
}

const roleText: Record<Trace['queue']['role'], string> = {
  dlq: 'dead-letter queue',
  failure_destination: 'Lambda on-failure destination',
  source: 'source queue',
  plain: 'queue',
};

/** The live view of an item: its table's stream filtered to its key. */
export function itemLiveHref(item: Pick<ItemHistory, 'ref' | 'keyNames'>): string {
  const hash = item.keyNames[0] ?? Object.keys(item.ref.key)[0];
  const value = item.ref.key[hash];
  return `/streams/${enc(item.ref.table)}?key=${enc(value ? keyText(value) : '')}&start=trim_horizon`;
}

function ItemSection({ item }: { item: ItemHistory }) {
  const title = `${item.ref.table} ${Object.entries(item.ref.key)
    .map(([k, v]) => `${k} = ${keyText(v)}`)
    .join(', ')}`;
  return (
    <section aria-label={`Item ${title}`} className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold">{title}</h3>
        <Link href={itemLiveHref(item)} className="text-sm text-sky-700 hover:underline dark:text-sky-300">
          Open the item’s live view
        </Link>
      </div>
      <p className="text-xs text-slate-500">
        Found at {item.ref.foundAt}
        {item.ref.partial ? ' · matched on the partition key alone (the message carries no sort key)' : ''}
        {item.ref.source === 'config' ? ' · correlation key from eddy.config.json' : ''}
      </p>
      <Note note={item.note} />
      {item.events.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No stream record of this item was found.</p>
      ) : (
        <ol aria-label={`Stream history of ${title}`} className="space-y-2">
          {itemSteps(item.events).map(({ event, gaps }) => (
            <li key={event.eventID} id={`record-${event.eventID}`}>
              <StreamRecord event={event} keyNames={item.keyNames} gaps={gaps} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FailureRecordSection({ trace }: { trace: Trace }) {
  const parse = trace.failureRecord;
  if (!parse) return null;
  const r = parse.record;
  const resolved = trace.resolved;
  return (
    <Card title="Lambda on-failure record">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Fact label="Function">{r.functionName ?? 'unknown'}</Fact>
        <Fact label="Condition">{r.condition ?? 'unknown'}</Fact>
        <Fact label="Invocations">{r.approximateInvokeCount ?? '—'}</Fact>
        <Fact label="Error type">{r.functionError ?? (r.condition === 'RecordAgeExceeded' ? 'none (records too old)' : '—')}</Fact>
        <Fact label="Source">{r.source === 'dynamodb' ? `DynamoDB stream of ${r.table ?? '?'}` : r.source === 'kinesis' ? 'Kinesis stream' : 'unknown'}</Fact>
        <Fact label="Shard">
          <span className="font-mono text-xs">{r.shardId ?? '—'}</span>
        </Fact>
        <Fact label="Sequence range">
          <span className="font-mono text-xs">
            {r.startSequenceNumber ?? '?'} – {r.endSequenceNumber ?? '?'}
          </span>
        </Fact>
        <Fact label="Batch size">{r.batchSize ?? '—'}</Fact>
      </dl>
      {resolved ? (
        <div className="mt-4 space-y-2">
          <h3 className="text-sm font-semibold">Failed stream records ({resolved.events.length})</h3>
          <Note note={resolved.note} />
          {r.table && <ShapeDiffers table={r.table} events={resolved.events} />}
          <ol aria-label="Failed stream records" className="space-y-2">
            {resolved.events.map((event) => (
              <li key={event.eventID} id={`record-${event.eventID}`}>
                <StreamRecord event={event} highlight />
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">The failed records were not looked up: {parse.problems.join(' ') || 'the record does not name a DynamoDB stream range.'}</p>
      )}
    </Card>
  );
}

function SimilarSection({ trace }: { trace: Trace }) {
  const { similar, signature } = trace;
  return (
    <Card title={`Similar failures (${similar.messages.length})`}>
      <p className="text-sm">
        Signature: <span data-testid="signature" className="font-mono">{signature.label}</span>
        {signature.field && <span className="text-slate-500"> · from {signature.field}</span>}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        Looked through {similar.scanned} message(s) in {similar.queues.join(', ')} (each read with a short lease and released at once).
        {similar.note ? ` ${similar.note}` : ''}
      </p>
      {similar.messages.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">No other dead letter failed this way.</p>
      ) : (
        <ScrollX className="mt-3">
          <table aria-label="Similar failures" className="w-full text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-medium">Queue</th>
                <th className="py-1 pr-2 font-medium">Message</th>
                <th className="py-1 pr-2 font-medium">Sent</th>
                <th className="py-1 pr-2 text-right font-medium">Receives</th>
                <th className="py-1 font-medium">Body</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {similar.messages.map((m) => (
                <tr key={`${m.queue}/${m.messageId}`}>
                  <td className="py-1 pr-2 font-mono text-xs">{m.queue}</td>
                  <td className="py-1 pr-2">
                    <Link className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300" href={`/traces/${enc(m.queue)}/${enc(m.messageId)}`}>
                      {m.messageId}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap py-1 pr-2 text-xs">{m.sentAt ? <Time at={m.sentAt} /> : '—'}</td>
                  <td className="py-1 pr-2 text-right tabular-nums">
                    <ReceiveCount message={m} />
                  </td>
                  <td className="max-w-md truncate py-1 font-mono text-xs">{m.preview}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollX>
      )}
    </Card>
  );
}

/** While a trace is read: on the server (the route's loading state) and on "Read again" after an error. */
export function TraceReading() {
  return (
    <div aria-busy="true" className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">Reading the message with a short lease, resolving its stream records and looking for similar failures…</p>
      <div className="h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-800">
        <div className="h-full w-1/3 animate-pulse rounded bg-sky-500" />
      </div>
    </div>
  );
}

/**
 * The trace page: read once on the server (a receive with a short lease), laid out, with what
 * could not be resolved said first; read again only when asked.
 */
export function TraceView({ queue, messageId, initial, policy }: { queue: string; messageId: string; initial: Result<Trace>; policy: MutationPolicy }) {
  const query = useTrace(queue, messageId, initial.ok ? initial.value : undefined);
  const retry = () => void query.refetch();
  if (query.error) {
    return (
      <ErrorPanel
        code={query.error instanceof AppError ? query.error.code : undefined}
        message={query.error.message}
        detail={query.error instanceof AppError ? query.error.detail : undefined}
        onRetry={retry}
      />
    );
  }
  const trace = query.data;
  if (!trace) {
    if (query.isFetching) return <TraceReading />;
    if (!initial.ok) return <ErrorPanel code={initial.error.code} message={initial.error.message} detail={initial.error.detail} onRetry={retry} />;
    return null;
  }
  const m = trace.message;
  const max = trace.queue.role === 'dlq' ? undefined : trace.queue.maxReceiveCount;
  const firstItem = trace.items[0];
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Actions">
        {trace.redriveTarget && <RedriveMessage dlq={trace.queue.name} messageId={m.messageId} target={trace.redriveTarget} policy={policy} />}
        <CopyButton label="Copy body" text={() => m.body} />
        <CopyButton label="Copy message as JSON" text={() => JSON.stringify(m, null, 2)} />
        {firstItem && (
          <Link href={itemLiveHref(firstItem)} className="rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Open item’s live view
          </Link>
        )}
        <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching} className="rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800">
          {query.isFetching ? 'Reading…' : 'Read again'}
        </button>
      </div>

      {trace.gaps.length > 0 && (
        <section aria-label="What could not be resolved" data-testid="trace-gaps" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
          <h2 className="font-semibold">Partial trace: what could not be resolved</h2>
          <ul className="mt-1 list-disc space-y-0.5 pl-5">
            {trace.gaps.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </section>
      )}

      <Card>
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <Fact label="Queue">
            <Link href={`/queues/${enc(trace.queue.name)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
              {trace.queue.name}
            </Link>{' '}
            <span className="text-slate-500">({roleText[trace.queue.role]})</span>
          </Fact>
          <Fact label="Dead-lettered from">{m.sourceQueue ? <span className="font-mono">{m.sourceQueue}</span> : '—'}</Fact>
          <Fact label="Sent">{m.sentAt ? <Time at={m.sentAt} /> : '—'}</Fact>
          <Fact label="Receive count">
            <ReceiveCount message={m} suffix={max !== undefined ? ` of ${max}` : ''} testId="trace-receive-count" unknownReason={m.unknownReason} />
          </Fact>
        </dl>
      </Card>

      <TraceLogsSection trace={trace} />

      <Card title="Timeline">
        <TraceTimeline entries={trace.timeline} />
      </Card>

      <FailureRecordSection trace={trace} />

      {trace.items.length > 0 ? (
        <Card title={`Item history (${trace.items.length} item${trace.items.length === 1 ? '' : 's'})`}>
          <div className="space-y-6">
            {trace.items.map((item) => (
              <ItemSection key={`${item.ref.table}/${JSON.stringify(item.ref.key)}`} item={item} />
            ))}
          </div>
          {trace.correlationNote && <p className="mt-4 text-xs text-slate-500">{trace.correlationNote}</p>}
        </Card>
      ) : (
        trace.correlationNote && (
          <Card title="Item history">
            <p className="text-sm text-slate-600 dark:text-slate-400">{trace.correlationNote}</p>
          </Card>
        )
      )}

      {trace.publish && (
        <Card title={`Copies of this SNS publish (${trace.publish.copies.length})`}>
          <p className="mb-2 text-xs text-slate-500">
            Looked for in every dead-letter and failure queue. An enveloped copy names the publish by its SNS MessageId (exact); a raw copy carries only the published message, so it is tied by item, message and send time (inferred).
          </p>
          <PublishCopies publishes={[trace.publish]} current={{ queue: trace.queue.name, messageId: m.messageId }} />
        </Card>
      )}

      <SimilarSection trace={trace} />

      <Card title={`Message ${trace.bodyKind === 'json' ? '(JSON body)' : '(text body)'}`}>
        <EnvelopeAwareBody body={trace.message.body} testId="trace-body" />
        <p className="mt-1 text-xs text-slate-500">{formatBytes(m.bodyBytes)}</p>
        {m.attributes.length > 0 && (
          <MessageAttributesTable attributes={m.attributes} className="mt-3" />
        )}
      </Card>
    </div>
  );
}
