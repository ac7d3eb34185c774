import { Unknown } from '@/components/ui/unknown';
import { describeReceives, type Counted } from '@/lib/queues/receives';

/**
 * A message's ApproximateReceiveCount, with how many of those receives were this Eddy's own
 * ("3 · 1 by Eddy") where it knows, and on hover what the count includes: SQS has no peek, so
 * Eddy's browsing raises it too. Where Eddy cannot know its share, the count as SQS gives it.
 */
export function ReceiveCount({ message, suffix = '', testId, unknownReason }: { message: Counted; suffix?: string; testId?: string; unknownReason?: string }) {
  const described = describeReceives(message);
  return (
    <span title={described?.title}>
      <span data-testid={testId}>
        {message.receiveCount ?? <Unknown reason={unknownReason ?? 'SQS did not return ApproximateReceiveCount.'} />}
        {suffix}
      </span>
      {described?.own && (
        <span data-testid="own-receives" className="whitespace-nowrap text-xs text-slate-500">
          {' '}
          · {described.own}
        </span>
      )}
    </span>
  );
}
