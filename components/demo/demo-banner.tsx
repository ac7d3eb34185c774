'use client';

import { useDemoAction, useDemoStatus } from '@/lib/queries/demo';
import type { DemoAction } from '@/lib/types/demo';
import { useNow } from '../ui/clock';

function ActionButton({ action, label, pressed, onRun, busy }: { action: DemoAction; label: string; pressed?: boolean; onRun: (a: DemoAction, pressed?: boolean) => void; busy: boolean }) {
  return (
    <button
      type="button"
      onClick={() => onRun(action, pressed)}
      disabled={busy}
      aria-pressed={pressed}
      className={`rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-60 ${pressed ? 'border-violet-700 bg-violet-700 text-white' : 'border-violet-300 bg-white text-violet-900 hover:bg-violet-100 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100 dark:hover:bg-violet-900'}`}
    >
      {label}
    </button>
  );
}

/** Says this is the local demo and offers its switches. Rendered only when a demo system runs. */
export function DemoBanner() {
  const status = useDemoStatus();
  const action = useDemoAction();
  const s = status.data;
  const now = useNow();
  const spiking = Boolean(s?.spikeUntil && now !== null && Date.parse(s.spikeUntil) > now);
  // A pressed toggle switch undoes itself; the others (fix, spike, stall) are undone by Reset.
  const run = (a: DemoAction, pressed?: boolean) => action.mutate(a === 'break-subscription' && pressed ? { action: a, on: false } : a);
  const busy = action.isPending;
  return (
    <section aria-label="Local demo" className="flex flex-wrap items-center gap-3 border-b border-violet-200 bg-violet-50 px-4 py-2 md:px-6 text-sm text-violet-950 dark:border-violet-900 dark:bg-violet-950/60 dark:text-violet-100">
      <p>
        <span className="font-semibold">Local demo.</span>{' '}
        {s ? (
          <span data-testid="demo-state">
            {s.bugFixed ? 'Fulfillment bug fixed' : 'Fragile items fail in fulfillment'} · {s.notifierStalled ? 'notifier stalled' : 'notifier running'}
            {spiking ? ' · traffic spike' : ''}
            {s.subscriptionBroken ? ' · notifications subscription broken' : ''} · {s.rate}/s orders
          </span>
        ) : status.isError ? (
          <span className="text-rose-700 dark:text-rose-300">{status.error.message}</span>
        ) : (
          'An order system running against the local AWS endpoint.'
        )}
      </p>
      <div className="flex flex-wrap gap-2">
        <ActionButton action="fix-bug" label="Fix the fulfillment bug" pressed={s?.bugFixed} onRun={run} busy={busy} />
        <ActionButton action="spike" label="Traffic spike" pressed={spiking} onRun={run} busy={busy} />
        <ActionButton action="stall-notifier" label="Stall the notifier" pressed={s?.notifierStalled} onRun={run} busy={busy} />
        <ActionButton action="break-subscription" label="Break a subscription" pressed={s?.subscriptionBroken} onRun={run} busy={busy} />
        <ActionButton action="reset" label="Reset" onRun={run} busy={busy} />
      </div>
      {action.isError && (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          {action.error.message}
        </p>
      )}
    </section>
  );
}
