'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { messageKeys, queueKeys, useCancelRedrive, usePurgeQueue, useRedriveState, useStartRedrive } from '@/lib/queries/queues';
import type { QueueDetail } from '@/lib/types/queues';
import { Card } from '../ui/card';
import { buttonClass } from '../ui/buttons';
import { MoveTaskProgress } from './move-task-progress';
import type { Guard } from './mutation-gate';
import { PurgeDialog } from './purge-dialog';
import { RedriveDialog } from './redrive-dialog';

/** A DLQ's "Redrive" (all, as a move task), its progress and cancel, and "Purge". */
export function RedrivePanel({ detail, queueNames, guard, readOnly }: { detail: QueueDetail; queueNames: string[]; guard: Guard; readOnly: boolean }) {
  const name = detail.queue.name;
  const [dialog, setDialog] = useState<'redrive' | 'purge' | undefined>();
  const state = useRedriveState(name);
  const start = useStartRedrive(name);
  const cancel = useCancelRedrive(name);
  const purge = usePurgeQueue(name);
  const job = state.data?.job;
  const latestTask = state.data?.tasks[0];
  const running = Boolean((job && ['canary', 'watching', 'moving'].includes(job.phase) && !(job.task && job.task.status !== 'RUNNING')) || latestTask?.status === 'RUNNING');

  // When a redrive ends, the depths and the message list change: read them again once.
  const client = useQueryClient();
  const wasRunning = useRef(running);
  useEffect(() => {
    if (wasRunning.current && !running) {
      void client.invalidateQueries({ queryKey: queueKeys.all });
      void client.invalidateQueries({ queryKey: messageKeys.all });
    }
    wasRunning.current = running;
  }, [running, client]);

  return (
    <Card
      title="Redrive"
      actions={
        <div className="flex gap-2">
          {detail.canMoveTask && (
            <button type="button" className={buttonClass.primary} disabled={readOnly || running} onClick={() => guard(() => setDialog('redrive'))}>
              Redrive
            </button>
          )}
          {running && (
            <button type="button" className={buttonClass.plain} disabled={readOnly || cancel.isPending} onClick={() => guard(() => cancel.mutate())}>
              Cancel redrive
            </button>
          )}
          <button type="button" className={buttonClass.danger} disabled={readOnly} onClick={() => guard(() => setDialog('purge'))}>
            Purge
          </button>
        </div>
      }
    >
      {!detail.canMoveTask && (
        <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">
          {detail.queue.failureDestinationOf.length > 0
            ? `${name} is the Lambda on-failure destination of ${detail.queue.failureDestinationOf.join(', ')}: its messages are failure records, not dead letters of a queue, so a message move task does not apply. Browse them below.`
            : `No queue's redrive policy names ${name}, so a message move task does not apply. Use "Redrive selected" with a chosen destination.`}
        </p>
      )}
      {job || latestTask ? (
        <MoveTaskProgress label={`${name} redrive progress`} job={job} task={latestTask} />
      ) : (
        detail.canMoveTask && <p className="text-sm text-slate-600 dark:text-slate-400">No redrive yet. “Redrive” moves every message back to its source with a message move task.</p>
      )}
      {cancel.error && (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
          {cancel.error.message}
        </p>
      )}
      {purge.isSuccess && <p className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">Purge requested: SQS deletes the messages within a minute.</p>}
      {dialog === 'redrive' && (
        <RedriveDialog
          dlqName={name}
          queueNames={queueNames}
          sources={detail.queue.sourceNames}
          pending={start.isPending}
          error={start.error?.message}
          onClose={() => setDialog(undefined)}
          onConfirm={(input) => start.mutate(input, { onSuccess: () => setDialog(undefined) })}
        />
      )}
      {dialog === 'purge' && (
        <PurgeDialog queueName={name} pending={purge.isPending} error={purge.error?.message} onClose={() => setDialog(undefined)} onConfirm={(typed) => purge.mutate(typed, { onSuccess: () => setDialog(undefined) })} />
      )}
    </Card>
  );
}
