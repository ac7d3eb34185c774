'use client';

import { DestinationSelect } from './destination-select';
import { DeadLetterChecks } from './dead-letter-checks';
import { useEffect, useState } from 'react';
import type { RedriveSkip } from '@/lib/types/redrive';
import { formatCount } from '@/lib/format';
import { usePlanRedrive } from '@/lib/queries/queues';
import type { StartRedriveRequest } from '@/lib/queues/schemas';
import { buttonClass } from '../ui/buttons';
import { Dialog } from '../ui/dialog';
import { Unknown } from '../ui/unknown';

/**
 * "Redrive all": destination, speed, the checks of each dead letter with their skip options, the
 * canary (on by default: do no harm), a dry-run summary, then confirm.
 */
export function RedriveDialog({
  dlqName,
  queueNames,
  sources = [],
  onClose,
  onConfirm,
  pending,
  error,
}: {
  dlqName: string;
  queueNames: string[];
  /** The queues whose dead letters these are: offered first as destinations. */
  sources?: string[];
  onClose: () => void;
  onConfirm: (input: Omit<StartRedriveRequest, 'dryRun'>) => void;
  pending: boolean;
  error?: string;
}) {
  const [destination, setDestination] = useState('');
  const [speed, setSpeed] = useState<'aws' | 'max'>('aws');
  const [rate, setRate] = useState(100);
  const [canary, setCanary] = useState(true);
  const [canaryCount, setCanaryCount] = useState(5);
  const [watchSeconds, setWatchSeconds] = useState(60);
  const [skip, setSkip] = useState<RedriveSkip>({});
  const skipping = Boolean(skip.staleAndGone || skip.duplicates);
  const plan = usePlanRedrive(dlqName);
  const { mutate } = plan;
  useEffect(() => {
    mutate(destination || undefined);
  }, [destination, mutate]);
  const rateValid = Number.isInteger(rate) && rate >= 1 && rate <= 500;

  return (
    <Dialog title={`Redrive ${dlqName}`} onClose={onClose}>
      <form
        className="space-y-4 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm({
            destinationName: destination || undefined,
            maxPerSecond: speed === 'max' ? rate : undefined,
            canary: canary ? { count: canaryCount, watchSeconds } : undefined,
            skip: skipping ? skip : undefined,
          });
        }}
      >
        <label className="block">
          <span className="mb-1 block font-medium">Destination</span>
          <DestinationSelect value={destination} onChange={setDestination} queueNames={queueNames} from={dlqName} sources={sources} sourceLabel="Each message’s original source (default)" className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950" />
        </label>
        <fieldset>
          <legend className="mb-1 font-medium">Speed</legend>
          <label className="mr-4">
            <input type="radio" name="speed" checked={speed === 'aws'} onChange={() => setSpeed('aws')} /> AWS-optimised
          </label>
          <label>
            <input type="radio" name="speed" checked={speed === 'max'} onChange={() => setSpeed('max')} /> At most{' '}
            <input
              type="number"
              aria-label="Messages per second"
              min={1}
              max={500}
              value={rate}
              disabled={speed !== 'max'}
              onChange={(e) => setRate(Number(e.target.value))}
              className="w-20 rounded-md border border-slate-300 px-1 dark:border-slate-700 dark:bg-slate-950"
            />{' '}
            messages/s (1–500)
          </label>
        </fieldset>
        <DeadLetterChecks dlqName={dlqName} skip={skip} onSkipChange={setSkip} />
        {skipping && (
          <p data-testid="per-message-note" className="text-xs text-slate-600 dark:text-slate-400">
            With a skip, the redrive goes message by message (send, then delete), since a message move task cannot skip; the speed setting does not apply. The skipped messages stay in {dlqName} and are listed with the progress.
          </p>
        )}
        <fieldset>
          <label>
            <input type="checkbox" checked={canary} onChange={(e) => setCanary(e.target.checked)} /> Canary: move a few first, stop the rest if they come back
          </label>
          {canary && (
            <div className="mt-2 flex gap-3 pl-5">
              <label>
                Messages{' '}
                <input type="number" min={1} max={100} value={canaryCount} onChange={(e) => setCanaryCount(Number(e.target.value))} className="w-16 rounded-md border border-slate-300 px-1 dark:border-slate-700 dark:bg-slate-950" />
              </label>
              <label>
                Watch for{' '}
                <input type="number" min={5} max={3600} value={watchSeconds} onChange={(e) => setWatchSeconds(Number(e.target.value))} className="w-20 rounded-md border border-slate-300 px-1 dark:border-slate-700 dark:bg-slate-950" /> s
              </label>
            </div>
          )}
        </fieldset>
        <div data-testid="redrive-plan" className="rounded-md bg-slate-50 p-3 dark:bg-slate-800/50" aria-live="polite">
          <p className="mb-1 font-medium">Dry run</p>
          {plan.isPending && <p className="text-slate-500">Counting…</p>}
          {plan.error && <p className="text-rose-700 dark:text-rose-300">{plan.error.message}</p>}
          {plan.data && (
            <>
              <ul>
                {plan.data.plan.destinations.map((d) => (
                  <li key={d.queueName}>
                    {d.count === undefined ? (
                      <>
                        <Unknown reason="SQS did not return the DLQ's ApproximateNumberOfMessages: how many messages would move is not known." /> messages
                      </>
                    ) : (
                      <>
                        about {formatCount(d.count)} {d.count === 1 ? 'message' : 'messages'}
                      </>
                    )}{' '}
                    → <span className="font-mono">{d.queueName}</span>
                  </li>
                ))}
              </ul>
              {plan.data.plan.note && <p className="text-xs text-slate-500">{plan.data.plan.note}</p>}
            </>
          )}
        </div>
        {error && (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.plain} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass.primary} disabled={pending || (speed === 'max' && !rateValid) || Boolean(plan.error)}>
            {pending ? 'Starting…' : 'Start redrive'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
