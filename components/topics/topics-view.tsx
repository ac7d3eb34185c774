'use client';

import Link from '@/components/ui/env-link';
import { AppError } from '@/lib/errors';
import { subscriptionLabel } from '@/lib/flow/discover';
import { formatCount } from '@/lib/format';
import { useTopics } from '@/lib/queries/topics';
import type { SubscriptionSummary, TopicCounts, TopicFigures, TopicsOverview } from '@/lib/types/topics';
import { NeedsAttention } from '../overview/needs-attention';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { GapNotices } from '../ui/gap-notices';
import { Time } from '../ui/time';
import { Unknown } from '../ui/unknown';

const NO_DATAPOINT = 'No datapoint in CloudWatch (AWS/SNS) for this window: not measured, or nothing happened.';

function Count({ value, metric }: { value: number | null; metric: string }) {
  if (value === null) return <Unknown reason={NO_DATAPOINT} />;
  return (
    <span className="tabular-nums" title={`${metric} (CloudWatch AWS/SNS, one-minute sums)`}>
      {formatCount(value)}
    </span>
  );
}

function Figures({ figures }: { figures: TopicFigures }) {
  const row = (label: string, c: TopicCounts) => (
    <tr>
      <th scope="row" className="pr-3 text-left font-normal text-slate-500">
        {label}
      </th>
      <td className="pr-3">
        <Count value={c.published} metric="NumberOfMessagesPublished" />
      </td>
      <td className="pr-3">
        <Count value={c.delivered} metric="NumberOfNotificationsDelivered" />
      </td>
      <td className="pr-3">
        <Count value={c.failed} metric="NumberOfNotificationsFailed" />
      </td>
      <td>
        <Count value={c.filteredOut} metric="NumberOfNotificationsFilteredOut" />
      </td>
    </tr>
  );
  return (
    <div className="max-w-full overflow-x-auto text-xs">
      <p className="mb-1">
        <span className="text-slate-500">published/s </span>
        {figures.publishedPerSecond === null ? (
          <Unknown reason="No NumberOfMessagesPublished datapoint in the last 5 minutes." />
        ) : (
          <span className="font-semibold tabular-nums" title="NumberOfMessagesPublished per second over the last 5 minutes (CloudWatch AWS/SNS).">
            {figures.publishedPerSecond.toFixed(1)}
          </span>
        )}
        <span className="ml-2 text-slate-500">{figures.at ? <>newest datapoint <Time at={figures.at} format="relative" /></> : 'no datapoint yet'}</span>
      </p>
      <table aria-label="Deliveries">
        <thead>
          <tr className="text-slate-500">
            <td />
            <th scope="col" className="pr-3 text-left font-normal">published</th>
            <th scope="col" className="pr-3 text-left font-normal">delivered</th>
            <th scope="col" className="pr-3 text-left font-normal">failed</th>
            <th scope="col" className="text-left font-normal">filtered out</th>
          </tr>
        </thead>
        <tbody>
          {row('last 10 min', figures.recent)}
          {row('last hour', figures.hour)}
        </tbody>
      </table>
    </div>
  );
}

function Endpoint({ sub }: { sub: SubscriptionSummary }) {
  const href = sub.protocol === 'sqs' ? `/queues/${encodeURIComponent(sub.endpointName)}` : sub.protocol === 'lambda' ? `/functions/${encodeURIComponent(sub.endpointName)}` : undefined;
  const name = <span className="font-mono">{sub.endpointName}</span>;
  return href ? (
    <Link href={href} className="text-sky-700 hover:underline dark:text-sky-300">
      {name}
    </Link>
  ) : (
    name
  );
}

function SubscriptionRow({ sub }: { sub: SubscriptionSummary }) {
  const { label, detail } = subscriptionLabel(sub);
  const dlq = sub.deadLetterTargetArn?.split(':').pop();
  return (
    <tr className="border-t border-slate-100 dark:border-slate-800" data-testid="subscription" data-endpoint={sub.endpointName}>
      <td className="py-1.5 pr-3">
        <span className="mr-1 rounded bg-slate-100 px-1 text-[10px] uppercase dark:bg-slate-800">{sub.protocol}</span>
        <Endpoint sub={sub} />
        {sub.pending && <span className="ml-1 text-xs text-amber-700">pending confirmation</span>}
      </td>
      <td className="py-1.5 pr-3">{sub.attributesKnown ? (sub.raw ? 'raw' : 'SNS envelope') : <Unknown reason="GetSubscriptionAttributes was not answered." />}</td>
      <td className="max-w-xs py-1.5 pr-3">
        <span title={detail} className="font-mono text-xs">
          {sub.attributesKnown && !sub.filterPolicy ? 'none' : label}
        </span>
      </td>
      <td className="py-1.5">
        {!sub.attributesKnown ? (
          <Unknown reason="GetSubscriptionAttributes was not answered." />
        ) : dlq ? (
          <Link href={`/queues/${encodeURIComponent(dlq)}`} className="font-mono text-sky-700 hover:underline dark:text-sky-300">
            {dlq}
          </Link>
        ) : (
          <span className="text-amber-700 dark:text-amber-300">none</span>
        )}
      </td>
    </tr>
  );
}

/** `/topics`: each topic with its subscriptions (delivery, filter, DLQ) and AWS/SNS figures, then the findings. */
export function TopicsView({ initial }: { initial: TopicsOverview }) {
  const { data, error } = useTopics(initial);
  const view = data ?? initial;
  return (
    <div className="space-y-4">
      {error && <ErrorPanel code={error instanceof AppError ? error.code : undefined} message={`Showing earlier figures: ${error.message}`} />}
      <GapNotices gaps={view.gaps} />
      {view.warnings.map((w) => (
        <p key={w} role="status" className="text-sm text-amber-800 dark:text-amber-200">
          {w}
        </p>
      ))}
      <p className="text-xs text-slate-500">
        Topics and subscriptions discovered <Time at={view.discoveredAt} format="relative" />; figures are CloudWatch AWS/SNS one-minute sums (SNS writes a
        datapoint only for a minute with activity).
      </p>
      {view.topics.length === 0 ? (
        <EmptyState title="No SNS topics">ListTopics answered no topic in this account and region.</EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Topics">
          {view.topics.map((t) => (
            <li
              key={t.arn}
              id={`topic-${t.name}`}
              data-testid="topic"
              data-topic={t.name}
              className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="mb-2 flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="break-all font-mono text-base font-semibold">{t.name}</h2>
                  <p className="text-xs text-slate-500">
                    {t.fifo ? 'FIFO' : 'standard'} · {t.subscriptions.length} subscription{t.subscriptions.length === 1 ? '' : 's'} ·{' '}
                    <span className="break-all font-mono">{t.arn}</span>
                  </p>
                </div>
                <Figures figures={t.figures} />
              </div>
              {t.subscriptions.length > 0 && (
                <div className="overflow-x-auto">
                <table className="w-full text-left" aria-label={`Subscriptions of ${t.name}`}>
                  <thead className="text-xs text-slate-500">
                    <tr>
                      <th scope="col" className="pr-3 font-normal">Endpoint</th>
                      <th scope="col" className="pr-3 font-normal">Delivery</th>
                      <th scope="col" className="pr-3 font-normal">Filter policy</th>
                      <th scope="col" className="font-normal">Dead-letter queue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.subscriptions.map((s) => (
                      <SubscriptionRow key={s.arn === 'PendingConfirmation' ? `${s.endpoint}-pending` : s.arn} sub={s} />
                    ))}
                  </tbody>
                </table>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <NeedsAttention
        findings={view.findings}
        incomplete={view.gaps.length > 0}
        evaluatedAt={view.healthEvaluatedAt}
        allClear="Nothing needs attention: every subscription has a dead-letter queue, every subscribed queue admits its topic, no delivery failed in the last 10 minutes and no filter starved its subscribers for an hour."
      />
    </div>
  );
}
