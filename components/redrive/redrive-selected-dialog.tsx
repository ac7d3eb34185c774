'use client';

import { useState } from 'react';
import { formatCount } from '@/lib/format';
import { skippedBy } from '@/lib/redrive/classify';
import { useDeadLetterClassification, useRedriveChecks } from '@/lib/queries/redrive';
import type { RedriveSkip } from '@/lib/types/redrive';
import { buttonClass } from '../ui/buttons';
import { Dialog } from '../ui/dialog';
import { DeadLetterChecks } from './dead-letter-checks';

/** What the user confirmed: the messages to send, those left by a skip, and whether to send again what was sent before. */
export interface SelectedConfirmation {
  messageIds: string[];
  skipped: { messageId: string; reason: string }[];
  insist: boolean;
}

/**
 * "Redrive selected" asks first: where the messages go, a warning when the consumer failed in the
 * last 5 minutes (they would likely fail again), the checks of the selected dead letters with the
 * skip options, and the ones an earlier redrive already sent (their delete failed).
 */
export function RedriveSelectedDialog({
  dlqName,
  selected,
  destinationLabel,
  onClose,
  onConfirm,
  pending,
}: {
  dlqName: string;
  selected: ReadonlySet<string>;
  destinationLabel: string;
  onClose: () => void;
  onConfirm: (confirmation: SelectedConfirmation) => void;
  pending: boolean;
}) {
  const [skip, setSkip] = useState<RedriveSkip>({});
  const [insist, setInsist] = useState(false);
  const checks = useRedriveChecks(dlqName).data?.checks;
  const classification = useDeadLetterClassification(dlqName).data?.classification;
  const verdicts = new Map((classification?.verdicts ?? []).map((v) => [v.messageId, v]));
  const skipped = [...selected].filter((id) => {
    const v = verdicts.get(id);
    return v !== undefined && skippedBy(v, skip);
  });
  const toSend = [...selected].filter((id) => !skipped.includes(id));
  const alreadySent = (checks?.sentPairs ?? []).filter((p) => selected.has(p.messageId));

  return (
    <Dialog title={`Redrive ${formatCount(selected.size)} selected ${selected.size === 1 ? 'message' : 'messages'}`} onClose={onClose}>
      <form
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm({ messageIds: toSend, skipped: skipped.map((id) => ({ messageId: id, reason: verdicts.get(id)?.reason ?? '' })), insist });
        }}
      >
        <p>
          Each is sent to <span className="font-medium">{destinationLabel}</span>, then deleted from {dlqName} once the send succeeded.
        </p>
        {checks?.consumerFailing && (
          <div role="alert" data-testid="consumer-failing" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
            <p className="font-medium">The consumer failed in the last 5 minutes: these messages will likely fail again.</p>
            <ul className="list-disc pl-5">
              {checks.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {checks && checks.consumerFailing === undefined && <p className="text-xs text-slate-500">Whether the consumer failed lately is unknown: {checks.unknown.join(' ')}</p>}
        <DeadLetterChecks dlqName={dlqName} onlyIds={selected} skip={skip} onSkipChange={setSkip} />
        {alreadySent.length > 0 && (
          <div data-testid="already-sent" className="rounded-md bg-slate-50 p-2 dark:bg-slate-800/50">
            <p>
              {formatCount(alreadySent.length)} of them {alreadySent.length === 1 ? 'was' : 'were'} already sent by an earlier redrive whose delete failed ({alreadySent.map((p) => `to ${p.destination}`).filter((v, i, a) => a.indexOf(v) === i).join(', ')}): Eddy skips {alreadySent.length === 1 ? 'it' : 'them'} so as not to send {alreadySent.length === 1 ? 'it' : 'them'} twice.
            </p>
            <label>
              <input type="checkbox" checked={insist} onChange={(e) => setInsist(e.target.checked)} /> Send them again anyway
            </label>
          </div>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={buttonClass.plain} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={buttonClass.primary} disabled={pending || toSend.length === 0}>
            {pending ? 'Redriving…' : `Redrive ${formatCount(toSend.length)}${skipped.length > 0 ? `, skip ${formatCount(skipped.length)}` : ''}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
