'use client';

import { useState } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { StatusDot, type Tone } from '@/components/ui/status-dot';
import { AppError } from '@/lib/errors';
import { useAccess, useCheckAccess } from '@/lib/queries/access';
import type { AccessReport, ActionState } from '@/lib/types/access';
import { formatTime } from '@/lib/format';

const stateText: Record<ActionState, string> = {
  allowed: 'allowed',
  denied: 'denied',
  unreachable: 'not reachable',
  throttled: 'throttled',
  unsupported: 'not supported by this endpoint',
  failed: 'failed',
  untested: 'untested',
};

const stateTone: Record<ActionState, Tone> = {
  allowed: 'ok',
  denied: 'bad',
  unreachable: 'bad',
  throttled: 'warn',
  unsupported: 'warn',
  failed: 'warn',
  untested: 'idle',
};

/** In UTC, named: the same text on the server and in the browser (a local time here broke hydration). */
function when(at: number | undefined): string {
  return at ? formatTime(at, { timeZone: 'UTC' }) : '';
}

/**
 * `/access`: each action's state from Eddy's real calls, "check now", and the policy to copy.
 * `checkRefused` says why this user may not check (a viewer, with sign-in); the server refuses too.
 */
export function AccessView({ initial, checkRefused }: { initial: AccessReport; checkRefused?: string }) {
  const query = useAccess(initial);
  const check = useCheckAccess();
  const [copied, setCopied] = useState(false);
  const report = query.data ?? initial;
  const policy = JSON.stringify(report.policy, null, 2);
  const copy = async () => {
    await navigator.clipboard.writeText(policy);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          onClick={() => check.mutate()}
          disabled={check.isPending || Boolean(checkRefused)}
          title={checkRefused}
          className="rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
        >
          {check.isPending ? 'Checking…' : 'Check now'}
        </button>
        <span className="text-slate-600 dark:text-slate-400">
          Probes the read-only actions with safe calls (one page of one item; never a receive). {report.checkedAt ? `Last check ${when(report.checkedAt)}.` : ''}
        </span>
        {checkRefused && (
          <span role="note" data-testid="check-refused" className="text-amber-800 dark:text-amber-200">
            {checkRefused}
          </span>
        )}
      </div>
      {check.error && <ErrorPanel code={check.error instanceof AppError ? check.error.code : undefined} message={`The check failed: ${check.error.message}`} />}

      {report.features.map((feature) => (
        <section key={feature.id} aria-labelledby={`access-${feature.id}`} className="space-y-2">
          <h2 id={`access-${feature.id}`} className="text-sm font-semibold">
            {feature.title} <span className="font-normal text-slate-500">— {feature.role}; without: {feature.without}</span>
          </h2>
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Action</th>
                <th className="py-1 pr-3 font-medium">Used for</th>
                <th className="py-1 pr-3 font-medium">State</th>
                <th className="py-1 font-medium">Last answer</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {feature.rows.map((row) => (
                <tr key={row.action} data-testid={`access-${row.action}`} data-state={row.state}>
                  <td className="py-1 pr-3 font-mono text-xs">{row.action}</td>
                  <td className="py-1 pr-3 text-xs">{row.use}</td>
                  <td className="whitespace-nowrap py-1 pr-3">
                    <span className="inline-flex items-center gap-2">
                      <StatusDot tone={stateTone[row.state]} />
                      {stateText[row.state]}
                    </span>
                  </td>
                  <td className="py-1 text-xs text-slate-600 dark:text-slate-400">
                    {row.state === 'untested' ? (row.probe ? 'not called yet' : 'not called yet (never probed: it changes or hides messages)') : `${when(row.at)}${row.code ? ` · ${row.code}` : ''}${row.message && row.state !== 'allowed' ? ` · ${row.message}` : ''}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      <section aria-labelledby="access-policy" className="space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h2 id="access-policy" className="text-sm font-semibold">
            Least-privilege IAM policy <span className="font-normal text-slate-500">— for the resources in view</span>
          </h2>
          <button type="button" onClick={() => void copy()} className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            {copied ? 'Copied' : 'Copy policy'}
          </button>
        </div>
        <ul className="list-disc pl-5 text-xs text-slate-600 dark:text-slate-400">
          {report.resourceNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
        <pre data-testid="access-policy" className="max-h-[32rem] overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-950">
          {policy}
        </pre>
      </section>
    </div>
  );
}
