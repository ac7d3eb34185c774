'use client';

import { useState } from 'react';
import { formatBytes } from '@/lib/format';
import { decodeBody } from '@/lib/queues/message-body';
import { useQueueMessage } from '@/lib/queries/queues';
import type { QueueMessage } from '@/lib/types/queues';
import { buttonClass } from '../ui/buttons';
import { EnvelopeAwareBody } from './sns-envelope';

/**
 * A message body as text (pretty JSON when it parses; an SNS envelope as the message published,
 * the envelope a click away); a cut body can be loaded whole on request.
 */
export function MessageBody({ queueName, message, override }: { queueName: string; message: QueueMessage; override: boolean }) {
  const [wanted, setWanted] = useState(false);
  const whole = useQueueMessage(queueName, message.messageId, override, wanted && Boolean(message.bodyTruncated));
  const text = whole.data?.body ?? message.body;
  const body = decodeBody(text);
  const cut = message.bodyTruncated && !whole.data;
  return (
    <div>
      <h3 className="mb-1 font-semibold">
        Body {cut ? `(first ${formatBytes(text.length)} of ${formatBytes(message.bodyBytes)})` : body.kind === 'json' ? '(JSON)' : '(text)'}
      </h3>
      <EnvelopeAwareBody body={text} testId="message-body" maxChars={Infinity} />
      {cut && (
        <button type="button" className={`${buttonClass.plain} mt-2`} disabled={whole.isFetching} onClick={() => setWanted(true)}>
          {whole.isFetching ? 'Receiving…' : `Load the whole body (${formatBytes(message.bodyBytes)})`}
        </button>
      )}
      {whole.error && (
        <p role="alert" className="mt-1 text-sm text-rose-700 dark:text-rose-300">
          {whole.error.message}
        </p>
      )}
    </div>
  );
}
