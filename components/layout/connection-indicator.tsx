'use client';

import { useState } from 'react';
import { useHealth } from '@/lib/queries/health';
import type { Connection, Health } from '@/lib/types/health';
import { StatusDot, type Tone } from '../ui/status-dot';
import { Time } from '../ui/time';

const statusText: Record<Health['status'], { tone: Tone; text: string }> = {
  ok: { tone: 'ok', text: 'Connected' },
  degraded: { tone: 'warn', text: 'Partly reachable' },
  down: { tone: 'bad', text: 'Unreachable' },
};

/** The header's live connection indicator: what Eddy talks to, and a per-service breakdown on click. */
export function ConnectionIndicator({ connection }: { connection: Connection }) {
  const health = useHealth();
  const [open, setOpen] = useState(false);
  const state = health.data
    ? statusText[health.data.status]
    : health.isError
      ? { tone: 'bad' as const, text: 'Eddy server unreachable' }
      : { tone: 'idle' as const, text: 'Checking…' };

  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-controls="connection-details"
        className="flex items-center gap-2 rounded-md border border-slate-200 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        data-testid="connection-indicator"
        data-status={health.data?.status ?? (health.isError ? 'error' : 'checking')}
      >
        <StatusDot tone={state.tone} pulse={state.tone === 'ok'} />
        <span className="font-medium">{(health.data?.connection ?? connection).label}</span>
        <span className="text-slate-500 dark:text-slate-400">· {state.text}</span>
      </button>
      {open && (
        <div
          id="connection-details"
          role="region"
          aria-label="Service health"
          className="absolute right-0 z-20 mt-2 w-[28rem] max-w-[90vw] rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {health.isError && <p className="text-rose-700 dark:text-rose-300">{health.error.message}</p>}
          {!health.data && !health.isError && <p>Checking each service…</p>}
          {health.data && (
            <ul className="space-y-2">
              {health.data.services.map((s) => (
                <li key={s.service} className="flex items-start gap-2">
                  <span className="mt-1.5">
                    <StatusDot tone={s.ok ? 'ok' : 'bad'} />
                  </span>
                  <div className="min-w-0">
                    <p>
                      <span className="font-medium">{s.service}</span>{' '}
                      <span className="text-slate-500">{s.ok ? `ok · ${s.latencyMs} ms` : s.code}</span>
                    </p>
                    {!s.ok && <p className="break-words text-slate-600 dark:text-slate-400">{s.message}</p>}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {health.data && <p className="mt-3 text-xs text-slate-500">Checked <Time at={health.data.checkedAt} format="time" /> · refreshes every 10 s</p>}
        </div>
      )}
    </div>
  );
}
