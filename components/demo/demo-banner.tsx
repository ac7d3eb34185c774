'use client';

import { useDemoAction, useDemoStatus, type DemoActionRequest } from '@/lib/queries/demo';
import { demoSwitches, type DemoAction } from '@/lib/types/demo';
import { useNow } from '../ui/clock';

/**
 * One demo switch as a toggle button (`aria-pressed`): pressing it again switches it off. Reset
 * is a plain button (no `pressed`).
 */
function ActionButton({ action, label, pressed, onRun, busy, refused }: { action: DemoAction; label: string; pressed?: boolean; onRun: (r: DemoActionRequest) => void; busy: boolean; refused?: string }) {
  const toggle = pressed !== undefined;
  return (
    <button
      type="button"
      onClick={() => onRun(toggle ? { action, on: !pressed } : { action })}
      disabled={busy || refused !== undefined}
      aria-pressed={toggle ? pressed : undefined}
      title={refused ?? (toggle ? (pressed ? 'On: press to switch it off' : 'Off: press to switch it on') : undefined)}
      className={`rounded-md border px-2.5 py-1 text-xs font-medium disabled:opacity-60 ${pressed ? 'border-violet-700 bg-violet-700 text-white' : 'border-violet-300 bg-white text-violet-900 hover:bg-violet-100 dark:border-violet-700 dark:bg-violet-950 dark:text-violet-100 dark:hover:bg-violet-900'}`}
    >
      {label}
    </button>
  );
}

/**
 * Says this is the local demo and offers its switches. Rendered only when a demo system runs.
 * `viewer`: signed in without the operator role here — the switches are an operator's (the route
 * refuses a viewer), so they show disabled with the reason instead of failing on a press.
 */
export function DemoBanner({ viewer = false }: { viewer?: boolean }) {
  const refused = viewer ? 'Only operators may flip the demo’s switches: you are signed in as a viewer.' : undefined;
  const status = useDemoStatus();
  const action = useDemoAction();
  const s = status.data;
  const now = useNow();
  const spiking = Boolean(s?.spikeUntil && now !== null && Date.parse(s.spikeUntil) > now);
  const run = (r: DemoActionRequest) => action.mutate(r);
  // A spike ends on its own: the clock turns the button off without waiting for the next poll.
  const isOn = (a: DemoAction) => Boolean(s?.switches[a]) && (a !== 'spike' || spiking);
  const busy = action.isPending;
  return (
    <section aria-label="Local demo" className="flex flex-wrap items-center gap-3 border-b border-violet-200 bg-violet-50 px-4 py-2 md:px-6 text-sm text-violet-950 dark:border-violet-900 dark:bg-violet-950/60 dark:text-violet-100">
      <p>
        <span className="font-semibold">Local demo.</span>{' '}
        {s ? (
          <span data-testid="demo-state">
            {s.bugFixed ? 'Fulfillment bug fixed' : 'Fragile items fail in fulfillment'} · {s.notifierStalled ? 'notifier stalled' : 'notifier running'}
            {spiking ? ' · traffic spike' : ''}
            {s.schemaChangeShipped ? ' · schema change shipped (total as a string)' : ''}
            {s.subscriptionBroken ? ' · notifications subscription broken' : ''} · {s.rate}/s orders
          </span>
        ) : status.isError ? (
          <span className="text-rose-700 dark:text-rose-300">{status.error.message}</span>
        ) : (
          'An order system running against the local AWS endpoint.'
        )}
      </p>
      <div className="flex flex-wrap gap-2">
        {demoSwitches.map((sw) => (
          <ActionButton key={sw.action} action={sw.action} label={sw.label} pressed={isOn(sw.action)} onRun={run} busy={busy || !s} refused={refused} />
        ))}
        <ActionButton action="reset" label="Reset" onRun={run} busy={busy} refused={refused} />
      </div>
      {action.isError && (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          {action.error.message}
        </p>
      )}
    </section>
  );
}
