import Link from '@/components/ui/env-link';
import { ScrollX } from '@/components/ui/scroll-x';
import { topicNameFromArn } from '@/lib/sns/envelope';
import type { CopyLink, PublishGroup } from '@/lib/types/traces';
import { Time } from '../ui/time';

const enc = encodeURIComponent;

const linkStyle: Record<CopyLink, string> = {
  exact: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100',
  inferred: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100',
};

const linkText: Record<CopyLink, string> = {
  exact: 'exact: SNS MessageId',
  inferred: 'inferred: item, message and time',
};

/**
 * SNS publishes and the copies of each found in the queues Eddy read: which subscription each copy
 * was going to, raw or enveloped, and how it is tied to its publish — exactly by the SNS MessageId
 * an envelope carries, or by inference for a raw copy, which carries none — with the reason.
 * `current`: the traced message, marked in its publish.
 */
export function PublishCopies({ publishes, current }: { publishes: PublishGroup[]; current?: { queue: string; messageId: string } }) {
  return (
    <ul className="space-y-4" aria-label="SNS publishes">
      {publishes.map((p) => (
        <li key={p.id} data-testid="publish" data-sns-message-id={p.snsMessageId ?? ''} className="space-y-1.5">
          <p className="text-sm">
            Published to <span className="font-mono">{topicNameFromArn(p.topicArn)}</span>{' '}
            {p.publishedAt !== undefined && (
              <>
                {p.publishedAtExact ? 'at ' : 'about '}
                <Time at={p.publishedAt} format="time" seconds milliseconds />{' '}
              </>
            )}
            <span className="text-xs text-slate-500">
              {p.snsMessageId ? (
                <>
                  SNS MessageId <span className="font-mono">{p.snsMessageId}</span>
                  {p.publishedAtExact ? ' (time from its envelope)' : ''}
                </>
              ) : (
                'no copy carries the SNS MessageId (raw delivery only): time from the first copy’s SentTimestamp'
              )}
              {' · '}
              {p.copies.length} cop{p.copies.length === 1 ? 'y' : 'ies'} found
            </span>
          </p>
          <ScrollX>
            <table aria-label={`Copies of ${p.snsMessageId ? `SNS message ${p.snsMessageId}` : `the publish of ${p.copies[0]?.messageId}`}`} className="w-full text-sm">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-2 font-medium">Queue</th>
                  <th className="py-1 pr-2 font-medium">Message</th>
                  <th className="py-1 pr-2 font-medium">Delivery</th>
                  <th className="py-1 pr-2 font-medium">Link to the publish</th>
                  <th className="py-1 font-medium">Sent</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {p.copies.map((c) => {
                  const isCurrent = current?.queue === c.queue && current.messageId === c.messageId;
                  return (
                    <tr key={`${c.queue}/${c.messageId}`} data-testid="publish-copy" data-queue={c.queue} data-link={c.link} data-delivery={c.delivery}>
                      <td className="py-1 pr-2 align-top font-mono text-xs">
                        {c.queue}
                        {c.subscriptionQueue && c.subscriptionQueue !== c.queue && <span className="block font-sans text-slate-500">going to {c.subscriptionQueue}</span>}
                      </td>
                      <td className="py-1 pr-2 align-top">
                        {isCurrent ? (
                          <span className="font-mono text-xs">{c.messageId} (this message)</span>
                        ) : (
                          <Link href={`/traces/${enc(c.queue)}/${enc(c.messageId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                            {c.messageId}
                          </Link>
                        )}
                      </td>
                      <td className="py-1 pr-2 align-top text-xs">{c.delivery === 'raw' ? 'raw' : 'SNS envelope'}</td>
                      <td className="py-1 pr-2 align-top text-xs">
                        <span className={`rounded px-1.5 py-0.5 font-semibold ${linkStyle[c.link]}`}>{linkText[c.link]}</span>
                        <span className="mt-0.5 block text-slate-600 dark:text-slate-400">{c.why}</span>
                      </td>
                      <td className="whitespace-nowrap py-1 align-top text-xs">{c.sentAt ? <Time at={c.sentAt} format="time" seconds milliseconds /> : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollX>
        </li>
      ))}
    </ul>
  );
}
