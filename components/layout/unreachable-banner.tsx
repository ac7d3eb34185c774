'use client';

import { useHealth } from '@/lib/queries/health';

/**
 * Says plainly, on every page, that AWS does not answer — so no page seems to spin forever.
 * Names the first failing service's own error code and message.
 */
export function UnreachableBanner() {
  const health = useHealth();
  if (health.isError) {
    return (
      <div role="alert" className="border-b border-rose-300 bg-rose-50 px-6 py-2 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950/60 dark:text-rose-100">
        {health.error.message}
      </div>
    );
  }
  const data = health.data;
  if (!data || data.status === 'ok') return null;
  const failing = data.services.filter((s) => !s.ok);
  const first = failing[0];
  return (
    <div role="alert" data-testid="unreachable-banner" className="border-b border-rose-300 bg-rose-50 px-6 py-2 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950/60 dark:text-rose-100">
      <span className="font-semibold">{data.status === 'down' ? `${data.connection.label} is unreachable.` : `${failing.map((s) => s.service).join(', ')} not answering.`}</span>{' '}
      {first && (
        <span>
          {first.service}: <span className="font-mono">{first.code}</span> — {first.message}
        </span>
      )}
    </div>
  );
}
