'use client';

import { DestinationSelect } from '../redrive/destination-select';
import { useState } from 'react';
import { AppError } from '@/lib/errors';
import { useEditResend } from '@/lib/queries/dlq-tools';
import { useQueueMessage } from '@/lib/queries/queues';
import { diffBodies, formatBodyDiff, parseJsonBody } from '@/lib/queues/dlq-filter';
import type { QueueMessage } from '@/lib/types/queues';
import { buttonClass } from '../ui/buttons';
import type { Guard } from '../redrive/mutation-gate';

function jsonProblem(original: string, edited: string): string | undefined {
  if (!parseJsonBody(original)) return undefined;
  try {
    JSON.parse(edited);
    return parseJsonBody(edited) ? undefined : 'The original body is a JSON object or array; this is not.';
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
}

/**
 * Edit one dead letter's body and send the edited copy to its source (or a chosen queue); the
 * original is deleted only after the send succeeded, and kept (with a warning) if the delete fails.
 */
export function EditResend({
  queueName,
  message,
  override,
  queueNames,
  guard,
  readOnly,
  onClose,
}: {
  queueName: string;
  message: QueueMessage;
  override: boolean;
  queueNames: string[];
  guard: Guard;
  readOnly: boolean;
  onClose: () => void;
}) {
  // A page cuts long bodies: edit the whole one.
  const whole = useQueueMessage(queueName, message.messageId, override, Boolean(message.bodyTruncated));
  const original = message.bodyTruncated ? whole.data?.body : message.body;
  const [edited, setEdited] = useState<string | undefined>();
  const [destination, setDestination] = useState('');
  const resend = useEditResend(queueName);
  const body = edited ?? original ?? '';
  const problem = original === undefined ? undefined : jsonProblem(original, body);
  const changes = original === undefined ? [] : diffBodies(original, body);
  const result = resend.data;

  return (
    <section aria-label={`Edit and resend ${message.messageId}`} className="space-y-2 rounded-lg border border-sky-300 bg-sky-50/50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950/30">
      <header className="flex items-center justify-between gap-2">
        <h3 className="font-semibold">
          Edit and resend <span className="font-mono text-xs">{message.messageId}</span>
        </h3>
        <button type="button" className={buttonClass.plain} onClick={onClose}>
          Close
        </button>
      </header>
      {original === undefined ? (
        whole.error ? (
          <p role="alert" className="text-rose-700 dark:text-rose-300">
            {whole.error.message}
          </p>
        ) : (
          <p aria-busy="true">Reading the whole body…</p>
        )
      ) : (
        <>
          <label className="block">
            <span className="block text-xs text-slate-600 dark:text-slate-400">Body{parseJsonBody(original) ? ' (JSON)' : ''}</span>
            <textarea
              aria-label="Edited body"
              spellCheck={false}
              rows={Math.min(20, Math.max(6, body.split('\n').length + 1))}
              className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
              value={body}
              onChange={(e) => setEdited(e.target.value)}
            />
          </label>
          <div className="flex flex-wrap items-end gap-2">
            {parseJsonBody(original) && (
              <button type="button" className={buttonClass.plain} disabled={Boolean(problem)} onClick={() => setEdited(JSON.stringify(JSON.parse(body), null, 2))}>
                Format JSON
              </button>
            )}
            <label>
              <span className="block text-xs text-slate-600 dark:text-slate-400">Send to</span>
              <DestinationSelect ariaLabel="Destination for the edited message" value={destination} onChange={setDestination} queueNames={queueNames} from={queueName} sources={message.sourceQueue ? [message.sourceQueue] : []} sourceLabel={message.sourceQueue ? `Its source (${message.sourceQueue})` : 'Its source'} />
            </label>
            <button
              type="button"
              className={buttonClass.primary}
              disabled={readOnly || Boolean(problem) || resend.isPending || Boolean(result?.deleted)}
              onClick={() => guard(() => resend.mutate({ messageId: message.messageId, body, destinationName: destination || undefined }))}
            >
              {resend.isPending ? 'Sending…' : 'Send edited copy'}
            </button>
          </div>
          {problem && (
            <p role="alert" className="text-rose-700 dark:text-rose-300">
              {problem}
            </p>
          )}
          <pre aria-label="Changes" className="whitespace-pre-wrap rounded bg-white p-2 font-mono text-xs dark:bg-slate-900">
            {formatBodyDiff(changes)}
          </pre>
        </>
      )}
      {resend.error && (
        <p role="alert" className="text-rose-700 dark:text-rose-300">
          {resend.error instanceof AppError && resend.error.code === 'forbidden' ? `Refused: ${resend.error.message}` : resend.error.message}
        </p>
      )}
      {result && (
        <p role="status" data-testid="resend-outcome" data-deleted={result.deleted} className={result.deleted ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-800 dark:text-amber-200'}>
          {result.deleted ? `Sent to ${result.destination} as ${result.newMessageId}; the original left ${queueName}.` : result.message}
        </p>
      )}
    </section>
  );
}
