'use client';

import Link from '@/components/ui/env-link';
import { ScrollX } from '@/components/ui/scroll-x';
import { usePathname, useRouter } from 'next/navigation';
import { useEnvironmentUrl } from '@/components/layout/environment';
import { useState } from 'react';
import { AppError } from '@/lib/errors';
import { keyText } from '@/lib/traces/correlation';
import { useItemSearch } from '@/lib/queries/traces';
import { Card } from '../ui/card';
import { ErrorPanel } from '../ui/error-panel';
import { itemSteps } from '@/lib/streams/ordering';
import { PublishCopies } from './publish-copies';
import { StreamRecord } from './stream-record';
import { itemLiveHref } from './trace-view';
import { Time } from '../ui/time';

const enc = encodeURIComponent;

/** The item search: a query in the URL (`?q=orderId = ord-1`), the item's history and the dead letters that name it. */
export function ItemSearch({ initialQuery }: { initialQuery: string }) {
  const router = useRouter();
  // In the page's environment whether or not Next reports the URL before the proxy's rewrite.
  const inEnvironment = useEnvironmentUrl();
  const pathname = inEnvironment(usePathname());
  const [draft, setDraft] = useState(initialQuery);
  const search = useItemSearch(initialQuery);
  const result = search.data;
  return (
    <div className="space-y-5">
      <form
        role="search"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          router.push(`${pathname}?q=${enc(draft.trim())}`);
        }}
      >
        <label className="flex-1">
          <span className="block text-xs text-slate-600 dark:text-slate-400">Item key</span>
          <input
            type="search"
            aria-label="Item key"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="orderId = ord-12-ab3f, or just ord-12-ab3f"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800">
          Search
        </button>
      </form>

      {initialQuery === '' && <p className="text-sm text-slate-600 dark:text-slate-400">Type a table key (“orderId = ord-1”) or just a key value: Eddy finds the item’s stream history and every dead letter and failure record that references it.</p>}
      {search.error && <ErrorPanel code={search.error instanceof AppError ? search.error.code : undefined} message={search.error.message} onRetry={() => void search.refetch()} />}
      {search.isFetching && !result && (
        <p aria-busy="true" className="text-sm text-slate-600 dark:text-slate-400">
          Searching the streams and the dead-letter queues…
        </p>
      )}
      {result && (
        <>
          {result.notes.length > 0 && (
            <ul data-testid="search-notes" className="list-disc space-y-0.5 rounded-lg border border-amber-300 bg-amber-50 p-3 pl-8 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <Card title={`Dead letters that reference it (${result.messages.length})`}>
            <p className="mb-2 text-xs text-slate-500">Looked in {result.queuesScanned.join(', ') || 'no queue'} (each read with a short lease and released at once).</p>
            {result.messages.length === 0 ? (
              <p className="text-sm text-slate-600 dark:text-slate-400">No DLQ or failure-queue message references it.</p>
            ) : (
              <ScrollX>
                <table aria-label="Referencing messages" className="w-full text-sm">
                  <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                      <th className="py-1 pr-2 font-medium">Queue</th>
                      <th className="py-1 pr-2 font-medium">Message</th>
                      <th className="py-1 pr-2 font-medium">Found at</th>
                      <th className="py-1 pr-2 font-medium">Failure</th>
                      <th className="py-1 font-medium">Sent</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                    {result.messages.map((m) => (
                      <tr key={`${m.queue}/${m.messageId}`}>
                        <td className="py-1 pr-2 font-mono text-xs">{m.queue}</td>
                        <td className="py-1 pr-2">
                          <Link href={`/traces/${enc(m.queue)}/${enc(m.messageId)}`} className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300">
                            {m.messageId}
                          </Link>
                        </td>
                        <td className="py-1 pr-2 text-xs">{m.foundAt}</td>
                        <td className="py-1 pr-2 text-xs">{m.signature}</td>
                        <td className="whitespace-nowrap py-1 text-xs">{m.sentAt ? <Time at={m.sentAt} /> : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollX>
            )}
          </Card>
          {result.publishes.length > 0 && (
            <Card title={`SNS publishes among them (${result.publishes.length})`}>
              <p className="mb-2 text-xs text-slate-500">
                One publish to a topic becomes a copy per subscription. An enveloped copy names the publish by its SNS MessageId (exact); a raw copy carries only the published message, so it is tied to its publish by the same item, the same message and a send time within a minute (inferred).
              </p>
              <PublishCopies publishes={result.publishes} />
            </Card>
          )}
          {result.items.map((item) => {
            const title = `${item.ref.table} ${Object.entries(item.ref.key)
              .map(([k, v]) => `${k} = ${keyText(v)}`)
              .join(', ')}`;
            return (
              <Card key={title} title={`Stream history of ${title}`} actions={<Link href={itemLiveHref(item)} className="text-sm text-sky-700 hover:underline dark:text-sky-300">Open the item’s live view</Link>}>
                <p data-testid="read-note" data-status={item.note.status} className="mb-2 text-xs text-slate-500">
                  {item.note.message}
                </p>
                {item.events.length === 0 ? (
                  <p className="text-sm text-slate-600 dark:text-slate-400">No stream record of this item was found.</p>
                ) : (
                  <ol aria-label={`Stream history of ${title}`} className="space-y-2">
                    {itemSteps(item.events).map(({ event, gaps }) => (
                      <li key={event.eventID}>
                        <StreamRecord event={event} keyNames={item.keyNames} gaps={gaps} />
                      </li>
                    ))}
                  </ol>
                )}
              </Card>
            );
          })}
        </>
      )}
    </div>
  );
}
