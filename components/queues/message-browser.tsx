'use client';

import { DestinationSelect } from '../redrive/destination-select';
import { RedriveSelectedDialog, type SelectedConfirmation } from '../redrive/redrive-selected-dialog';
import { Unknown } from '@/components/ui/unknown';
import Link from '@/components/ui/env-link';
import { useEffect, useMemo, useState } from 'react';
import { itsMaxReceiveCount } from '@/lib/queues/settings';
import { AppError } from '@/lib/errors';
import { formatCount, formatDuration } from '@/lib/format';
import { dlqViewSchema, matchesDlqFilter, parseDlqFilter, sortMessages, toJsonLines, type DlqSort } from '@/lib/queues/dlq-filter';
import { deadLetterExpiry } from '@/lib/queues/expiry';
import { summariseFailureRecord } from '@/lib/queues/failure-record';
import { previewBody } from '@/lib/queues/message-body';
import { parseSnsEnvelope } from '@/lib/sns/envelope';
import { useQueueMessages, useRedriveSelected } from '@/lib/queries/queues';
import type { QueueDetail, QueueMessage, SelectedOutcome } from '@/lib/types/queues';
import { buttonClass } from '../ui/buttons';
import type { Guard } from '../redrive/mutation-gate';
import { ErrorPanel } from '../ui/error-panel';
import { Drawer } from '../ui/drawer';
import { deliveryFacts, deliveryShowSchema, inDeliveryShow } from '@/lib/queues/deliveries';
import { DeliveryCounts } from './delivery-counts';
import { DlqFilterBar } from './dlq-filter-bar';
import { MessageGroups } from './message-groups';
import { EditResend } from './edit-resend';
import { MessageDetail } from './message-detail';
import { ReceiveCount } from './receive-count';
import { useViewParams } from './use-view-params';
import { Time } from '../ui/time';
import { useNow } from '../ui/clock';

const outcomeText: Record<SelectedOutcome['status'], string> = {
  redriven: 'redriven',
  not_found: 'not found',
  failed: 'failed',
  sent_not_deleted: 'sent, but still in the DLQ',
  already_sent: 'not sent again',
  skipped: 'skipped',
};
const outcomeTone: Record<SelectedOutcome['status'], string> = {
  redriven: 'text-emerald-700 dark:text-emerald-400',
  not_found: 'text-rose-700 dark:text-rose-400',
  failed: 'text-rose-700 dark:text-rose-400',
  sent_not_deleted: 'text-amber-800 dark:text-amber-300',
  already_sent: 'text-amber-800 dark:text-amber-300',
  skipped: 'text-slate-600 dark:text-slate-400',
};

const PAGE = 100;
const CAP = 1_000;

/** Saves text as a file through a temporary link: the export never leaves the browser. */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A column header that sorts the list (the sort goes to the URL). */
function SortHeader({ label, column, sort, dir, onSort, className = '' }: { label: string; column: DlqSort; sort: DlqSort; dir: 'asc' | 'desc'; onSort: (column: DlqSort, dir: 'asc' | 'desc') => void; className?: string }) {
  const active = sort === column;
  return (
    <th className={`px-3 py-2 font-medium ${className}`} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="uppercase tracking-wide hover:text-slate-900 dark:hover:text-slate-100" onClick={() => onSort(column, active && dir === 'asc' ? 'desc' : 'asc')}>
        {label}
        <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/**
 * A queue's messages, received with a short lease and released at once (DESIGN.md §5), with
 * "redrive selected" for the picked ones. A queue with a redrive policy is browsed only on request.
 */
export function MessageBrowser({ detail, queueNames, guard, readOnly, onSettled }: { detail: QueueDetail; queueNames: string[]; guard: Guard; readOnly: boolean; onSettled?: () => void }) {
  const name = detail.queue.name;
  // Traces start from dead letters and failure records; reading a source queue's message would count toward its maxReceiveCount.
  const traceable = detail.queue.role !== 'source';
  // The URL holds what a link should reproduce: how many were browsed, the override, the open message.
  const { params, pathname, setParams } = useViewParams();
  const limit = Math.min(CAP, Math.max(PAGE, Number(params.get('limit')) || PAGE));
  const override = params.get('override') === '1';
  const open = params.get('message') ?? undefined;
  const hrefWith = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) merged.set(k, v);
    return `${pathname}?${merged.toString()}`;
  };
  const hrefWithout = (key: string) => {
    const merged = new URLSearchParams(params);
    merged.delete(key);
    const query = merged.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
  const setLimit = (n: number) => setParams({ limit: String(n) });
  const setOverride = (on: boolean) => setParams({ override: on ? '1' : undefined });
  const setOpen = (id: string | undefined) => setParams({ message: id });
  // Search, filter and sort over what was browsed, held in the URL so a link reproduces the view.
  const view = dlqViewSchema.parse(Object.fromEntries(params));
  const { q, where, attr, sort, dir } = view;
  const parsedFilter = useMemo(() => parseDlqFilter({ q, where, attr }), [q, where, attr]);
  // Redelivered, duplicate-body or odd-shaped messages only (issue 17), also held in the URL.
  const show = deliveryShowSchema.parse(params.get('show') ?? undefined);
  const editing = params.get('edit') ?? undefined;
  // The message being edited, kept once the resend took it out of the DLQ (and out of the next browse).
  const [editSnapshot, setEditSnapshot] = useState<QueueMessage | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [destination, setDestination] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [skippedOutcomes, setSkippedOutcomes] = useState<SelectedConfirmation['skipped']>([]);
  // A queue with a redrive policy is not even asked for (the server would refuse, 409, and the
  // browser would log it): the page says why and offers the override itself.
  const policy = detail.deadLetterQueue;
  const guarded = Boolean(policy) && !override;
  const browse = useQueueMessages(name, limit, override, !guarded);
  const redrive = useRedriveSelected(name);
  const page = browse.data;
  // Done: browsed, failed, or not browsed at all (a queue with a redrive policy, until asked).
  const settled = guarded || page !== undefined || browse.error !== null;
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled, onSettled]);
  // The browser's clock once hydrated; until then the time the page of messages was read.
  const now = useNow() ?? browse.dataUpdatedAt;
  const facts = useMemo(() => deliveryFacts(page?.messages ?? []), [page]);
  const shown = useMemo(
    () => (page ? sortMessages((parsedFilter.ok ? page.messages.filter((m) => matchesDlqFilter(m, parsedFilter.value)) : page.messages).filter((m) => inDeliveryShow(m.messageId, show, facts)), sort, dir) : []),
    [page, parsedFilter, sort, dir, show, facts],
  );

  const refusal =
    browse.error instanceof AppError && browse.error.detail === 'has_redrive_policy'
      ? browse.error.message
      : guarded && policy
        ? `${name} has a redrive policy: a receive counts toward ${itsMaxReceiveCount(policy.maxReceiveCount)}, so browsing could move messages to its dead-letter queue. Browse it only if you accept that.`
        : undefined;
  if (refusal) {
    return (
      <div role="alert" data-testid="browse-refused" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
        <h3 className="font-semibold">Not browsed: this queue has a redrive policy</h3>
        <p className="mt-1">{refusal}</p>
        <button type="button" className={`${buttonClass.plain} mt-3`} onClick={() => setOverride(true)}>
          Browse anyway
        </button>
      </div>
    );
  }
  if (browse.error) return <ErrorPanel code={browse.error instanceof AppError ? browse.error.code : undefined} message={browse.error.message} onRetry={() => void browse.refetch()} />;
  if (!page) return <p className="text-sm text-slate-500" aria-busy="true">Receiving messages with a {20} s lease…</p>;

  const messages = shown;
  const filtered = (parsedFilter.ok && Object.keys(parsedFilter.value).length > 0) || show !== undefined;
  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = messages.length > 0 && messages.every((m) => selected.has(m.messageId));
  const opened = page.messages.find((m) => m.messageId === open);
  // Closing gives focus back to the message's own button in the list, where the user left off.
  const closeDetail = () => {
    if (open) document.querySelector<HTMLElement>(`[data-message-button="${CSS.escape(open)}"]`)?.focus();
    setOpen(undefined);
  };
  const edited = page.messages.find((m) => m.messageId === editing) ?? (editSnapshot?.messageId === editing ? editSnapshot : undefined);
  const exportable = selected.size > 0 ? page.messages.filter((m) => selected.has(m.messageId)) : shown;
  const exportJsonl = () => download(toJsonLines(exportable, name), `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const onSort = (sort: DlqSort, dir: 'asc' | 'desc') => setParams({ sort: sort === 'sent' && dir === 'asc' ? undefined : sort, dir: dir === 'asc' ? undefined : dir });
  const outcomes = redrive.data ? [...redrive.data.outcomes, ...skippedOutcomes.map((k) => ({ messageId: k.messageId, status: 'skipped' as const, message: `left in ${name}: ${k.reason}` }))] : undefined;
  // Asks first (issue 17): the checks, the consumer's recent failures, then the send.
  const run = () => guard(() => setConfirming(true));
  const confirm = (c: SelectedConfirmation) =>
    redrive.mutate(
      { messageIds: c.messageIds, destinationName: destination || undefined, ...(c.insist ? { insist: true } : {}) },
      {
        // The error shows beside the button (a refused token, an AWS failure): the dialog goes.
        onError: () => setConfirming(false),
        onSuccess: () => {
          setSkippedOutcomes(c.skipped);
          setConfirming(false);
          setSelected(new Set());
          void browse.refetch();
        },
      },
    );

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <p className="text-slate-600 dark:text-slate-400" aria-live="polite">
          {filtered ? `${formatCount(shown.length)} shown of ${formatCount(page.messages.length)} browsed · ` : ''}
          {formatCount(page.messages.length)} of about {formatCount(page.approximateTotal)} messages · each hidden at most {page.leaseSeconds} s while read, then released
          {override && page.maxReceiveCount ? ` · browsing counts toward maxReceiveCount ${page.maxReceiveCount}` : ''}
        </p>
        <button type="button" className={buttonClass.plain} onClick={() => void browse.refetch()} disabled={browse.isFetching}>
          {browse.isFetching ? 'Receiving…' : 'Browse again'}
        </button>
      </div>
      <DeliveryCounts facts={facts} browsed={page.messages.length} show={show} hrefFor={(next) => (next ? hrefWith({ show: next }) : hrefWithout('show'))} />
      <DlqFilterBar view={view} error={parsedFilter.ok ? undefined : parsedFilter.message} onApply={(next) => setParams(next)} />
      {detail.queue.fifo && (
        <MessageGroups
          messages={page.messages}
          queueName={name}
          role={detail.queue.role}
          sources={detail.sources}
          maxReceiveCount={detail.deadLetterQueue?.maxReceiveCount}
          browsedAt={browse.dataUpdatedAt}
          selected={selected}
          onOpen={(id) => setOpen(id)}
        />
      )}
      <div className="flex flex-wrap items-end gap-2 rounded-md bg-slate-50 p-2 text-sm dark:bg-slate-800/50">
        <button type="button" className={buttonClass.plain} disabled={exportable.length === 0} onClick={exportJsonl}>
          {selected.size > 0 ? `Export selected (${formatCount(exportable.length)}) as JSONL` : `Export ${filtered ? 'filtered' : 'all'} (${formatCount(exportable.length)}) as JSONL`}
        </button>
        <label>
          <span className="block text-xs text-slate-600 dark:text-slate-400">Send selected to</span>
          <DestinationSelect ariaLabel="Destination for selected messages" value={destination} onChange={setDestination} queueNames={queueNames} from={name} sources={detail.queue.sourceNames} sourceLabel="Each message’s original source" />
        </label>
        <button type="button" className={buttonClass.primary} disabled={readOnly || selected.size === 0 || redrive.isPending} onClick={run}>
          {redrive.isPending ? 'Redriving…' : `Redrive selected (${selected.size})`}
        </button>
        {redrive.error && (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {redrive.error.message}
          </p>
        )}
      </div>
      {confirming && (
        <RedriveSelectedDialog
          dlqName={name}
          selected={selected}
          destinationLabel={destination || 'each message’s original source'}
          pending={redrive.isPending}
          onClose={() => setConfirming(false)}
          onConfirm={confirm}
        />
      )}
      {outcomes && (
        <ul aria-label="Redrive outcomes" className="space-y-1 text-sm">
          {outcomes.map((o) => (
            <li key={o.messageId} data-status={o.status} className={outcomeTone[o.status]}>
              <span className="font-mono">{o.messageId}</span>: {o.status === 'redriven' ? `redriven to ${o.destination}` : outcomeText[o.status]}
              {o.message ? ` — ${o.message}` : ''}
            </li>
          ))}
        </ul>
      )}
      {edited && <EditResend key={edited.messageId} queueName={name} message={edited} override={override} queueNames={queueNames} guard={guard} readOnly={readOnly} onClose={() => setParams({ edit: undefined })} />}
      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-6 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {filtered ? `None of the ${formatCount(page.messages.length)} browsed messages matches the filter.` : `No visible messages in ${name}.`}
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-sm" aria-label="Messages">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
              <tr>
                <th className="px-3 py-2">
                  <input type="checkbox" aria-label="Select all messages" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(messages.map((m) => m.messageId)))} />
                </th>
                <SortHeader label="Message" column="id" sort={view.sort} dir={view.dir} onSort={onSort} />
                <SortHeader label="Sent" column="sent" sort={view.sort} dir={view.dir} onSort={onSort} />
                <SortHeader label="Receives" column="receives" sort={view.sort} dir={view.dir} onSort={onSort} className="text-right" />
                <SortHeader label="Source" column="source" sort={view.sort} dir={view.dir} onSort={onSort} />
                <th className="px-3 py-2 font-medium">Expires in</th>
                <SortHeader label="Body" column="size" sort={view.sort} dir={view.dir} onSort={onSort} />
                {traceable && (
                  <th className="px-3 py-2 font-medium">
                    <span className="sr-only">Trace</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {messages.map((m) => {
                const expiry = deadLetterExpiry({ sentAt: m.sentAt, retentionSeconds: detail.queue.retentionSeconds, fifo: detail.queue.fifo, now });
                const record = summariseFailureRecord(m.body);
                return (
                  <tr key={m.messageId} className={open === m.messageId ? 'bg-sky-50 dark:bg-sky-950/40' : 'hover:bg-slate-50 dark:hover:bg-slate-800/40'}>
                    <td className="px-3 py-2">
                      <input type="checkbox" aria-label={`Select ${m.messageId}`} checked={selected.has(m.messageId)} onChange={() => toggle(m.messageId)} />
                    </td>
                    <td className="px-3 py-2">
                      <button type="button" className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300" aria-expanded={open === m.messageId} data-message-button={m.messageId} onClick={() => setOpen(open === m.messageId ? undefined : m.messageId)}>
                        {m.messageId}
                      </button>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-xs">{m.sentAt ? <Time at={m.sentAt} format="time" /> : <Unknown reason={m.unknownReason ?? 'SQS did not return SentTimestamp.'} />}</td>
                    <td className="px-3 py-2 text-right tabular-nums">
                      <ReceiveCount message={m} suffix={page.maxReceiveCount ? ` / ${page.maxReceiveCount}` : ''} testId="receives" unknownReason={m.unknownReason} />
                    </td>
                    <td className="px-3 py-2 font-mono text-xs" title={
                        m.sourceQueueInferred
                          ? m.sourceQueueVia === 'subscription'
                            ? 'The queue of the SNS subscription that dead-letters here (SNS dead letters do not say)'
                            : 'This DLQ’s only source queue (the message does not say)'
                          : undefined
                      }>
                      {m.sourceQueue ?? <Unknown reason="The message does not say, and this DLQ has more than one source queue." />}
                    </td>
                    <td className={`whitespace-nowrap px-3 py-2 text-xs ${expiry?.soon ? 'font-semibold text-rose-700 dark:text-rose-400' : ''}`}>
                      {expiry ? `${expiry.atLeast ? '≥ ' : ''}${formatDuration(expiry.secondsLeft)}` : <Unknown reason="The sent time is unknown, so the retention clock is too." />}
                    </td>
                    <td className="max-w-md truncate px-3 py-2 font-mono text-xs">
                      {m.shapeNote && (
                        <span data-testid="shape-differs" title={m.shapeNote} className="mr-2 rounded bg-amber-100 px-1.5 font-sans text-[11px] font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">
                          shape differs
                        </span>
                      )}
                      {record
                        ? `Lambda failure: ${record.functionName}, ${record.condition}${record.batchSize === undefined ? '' : `, batch of ${record.batchSize}`}`
                        : previewBody(parseSnsEnvelope(m.body)?.message ?? m.body)}
                    </td>
                    {traceable && (
                      <td className="whitespace-nowrap px-3 py-2">
                        <Link href={`/traces/${encodeURIComponent(name)}/${encodeURIComponent(m.messageId)}`} className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-300">
                          Trace
                        </Link>
                        {/* A link, not a button: the row's one button opens the message, and the open editor is in the URL. */}
                        <Link
                          href={hrefWith({ edit: m.messageId })}
                          replace
                          scroll={false}
                          className="ml-3 text-xs font-medium text-sky-700 hover:underline dark:text-sky-300"
                          aria-label={`Edit and resend ${m.messageId}`}
                          onClick={() => setEditSnapshot(m)}
                        >
                          Edit
                        </Link>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {page.more && limit < CAP && (
        <button type="button" className={buttonClass.plain} onClick={() => setLimit(Math.min(CAP, limit + PAGE))} disabled={browse.isFetching}>
          Load more (up to {Math.min(CAP, limit + PAGE)})
        </button>
      )}
      {opened && (
        <Drawer title={`Message ${opened.messageId}`} subject={opened.messageId} onClose={closeDetail}>
          <MessageDetail queueName={name} override={override} message={opened} queue={{ retentionSeconds: detail.queue.retentionSeconds, fifo: detail.queue.fifo, maxReceiveCount: page.maxReceiveCount }} now={now} />
        </Drawer>
      )}
    </div>
  );
}
