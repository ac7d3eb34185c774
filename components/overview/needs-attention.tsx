import Link from '@/components/ui/env-link';
import type { Finding } from '@/lib/types/flow';
import { Time } from '../ui/time';

const severityStyle = {
  critical: 'bg-rose-100 text-rose-800 dark:bg-rose-900/50 dark:text-rose-100',
  warning: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100',
} as const;

/**
 * The health engine's open findings (live figures and configuration): what is wrong, since when,
 * the figures it rests on, why it matters, how to fix it, and where to act.
 * `incomplete`: some of the configuration could not be read, so no all-clear is given.
 * `evaluatedAt`: the engine's last evaluation (null: none yet, so no all-clear either).
 * `allClear`: what "nothing found" means on this page (the flow's checks by default).
 */
export function NeedsAttention({
  findings,
  incomplete = false,
  evaluatedAt,
  allClear,
}: {
  findings: Finding[];
  incomplete?: boolean;
  evaluatedAt?: string | null;
  allClear?: string;
}) {
  return (
    <section aria-labelledby="needs-attention-heading" className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="needs-attention-heading" className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold dark:border-slate-800">
        Needs attention {findings.length > 0 && <span className="ml-1 rounded-full bg-slate-100 px-2 text-xs tabular-nums dark:bg-slate-800">{findings.length}</span>}
      </h2>
      {findings.length === 0 && evaluatedAt === null ? (
        <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
          Eddy’s health engine has not finished its first evaluation yet; a finding shows once it held for two evaluations.
        </p>
      ) : findings.length === 0 && incomplete ? (
        <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
          Nothing found in what Eddy could read; the parts named above could not be checked.
        </p>
      ) : findings.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600 dark:text-slate-400">
          {allClear ?? (
            <>
          Nothing needs attention: every mapping is enabled and processing, stream retries are bounded or have a destination, and every consumed queue has a
          dead-letter queue that outlives it.
            </>
          )}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800">
          {findings.map((f) => (
            <li key={f.id} className="px-4 py-3 text-sm" data-testid="finding" data-rule={f.rule} data-severity={f.severity} data-node={f.node}>
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${severityStyle[f.severity]}`}>{f.severity}</span>
                <h3 className="font-medium">{f.title}</h3>
                {f.since && (
                  <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="finding-since">
                    since <Time at={f.since} format="time" seconds /> (open <Time at={f.since} format="elapsed" />)
                  </span>
                )}
              </div>
              {f.evidence && f.evidence.length > 0 && (
                <ul className="mt-1 space-y-0.5 text-xs text-slate-600 dark:text-slate-400" aria-label="Evidence">
                  {f.evidence.map((e) => (
                    <li key={e.label}>
                      <span className="font-medium">{e.label}:</span> {e.value}
                      {e.at && (
                        <>
                          {' '}
                          at <Time at={e.at} format="time" seconds />
                        </>
                      )}{' '}
                      <span className="text-slate-500">({e.source})</span>
                    </li>
                  ))}
                </ul>
              )}
              <p className="mt-1 text-slate-700 dark:text-slate-300">
                <span className="font-medium">Why it matters: </span>
                {f.why}
              </p>
              <p className="mt-1 text-slate-700 dark:text-slate-300">
                <span className="font-medium">How to fix: </span>
                {f.fix}
              </p>
              <Link href={f.resource.href} className="mt-1 inline-block text-sky-700 hover:underline dark:text-sky-400">
                Open {f.resource.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
