'use client';

import { useState } from 'react';
import { decodeBody } from '@/lib/queues/message-body';
import { parseSnsEnvelope, topicNameFromArn } from '@/lib/sns/envelope';
import { buttonClass } from '../ui/buttons';

const preClass = 'max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950';

/**
 * A message body as a reader wants it: an SNS envelope shows what was published (its `Message`,
 * pretty when JSON) with the topic and SNS MessageId, the whole envelope one click away; any
 * other body shows as it is. `testId` names the `<pre>` the text is in.
 */
export function EnvelopeAwareBody({ body, testId, maxChars = 200_000 }: { body: string; testId: string; maxChars?: number }) {
  const [showEnvelope, setShowEnvelope] = useState(false);
  const envelope = parseSnsEnvelope(body);
  if (!envelope) {
    return (
      <pre data-testid={testId} className={preClass}>
        {decodeBody(body).text.slice(0, maxChars)}
      </pre>
    );
  }
  return (
    <div data-testid="sns-envelope" data-sns-message-id={envelope.messageId}>
      <p className="mb-1 text-xs text-slate-600 dark:text-slate-400">
        Published to SNS topic <span className="font-mono">{topicNameFromArn(envelope.topicArn)}</span>
        {envelope.subject ? <> with subject “{envelope.subject}”</> : null} · SNS MessageId <span className="font-mono">{envelope.messageId}</span>
        {envelope.attributes.length > 0 && <> · {envelope.attributes.map((a) => `${a.name}=${a.value}`).join(', ')}</>}
      </p>
      <pre data-testid={testId} className={preClass}>
        {decodeBody(showEnvelope ? body : envelope.message).text.slice(0, maxChars)}
      </pre>
      <button type="button" className={`${buttonClass.plain} mt-1`} aria-pressed={showEnvelope} onClick={() => setShowEnvelope((v) => !v)}>
        {showEnvelope ? 'Show the published message' : 'Show the SNS envelope'}
      </button>
    </div>
  );
}
