import { sourceDetail } from '@/lib/figures/source';
import { describeOldestAge } from '@/lib/queues/oldest-age';
import { formatCount, formatDuration } from '@/lib/format';
import type { FlowEdgeKind, FlowNodeKind, Health, NodeFigures } from '@/lib/types/flow';

export const NODE_KIND_LABEL: Record<FlowNodeKind, string> = {
  table: 'Table',
  function: 'Function',
  consumer: 'Consumer',
  queue: 'Queue',
  dlq: 'DLQ',
  topic: 'Topic',
};

export const EDGE_KIND_LABEL: Record<FlowEdgeKind, string> = {
  mapping: 'event source mapping',
  'on-failure': 'on-failure destination',
  redrive: 'redrive policy',
  environment: 'environment variable',
  declared: 'declared in eddy.config.json',
  subscription: 'SNS subscription',
};

export const HEALTH_LABEL: Record<Health, string> = { ok: 'ok', lagging: 'lagging', failing: 'failing' };

/** 350 → "350 ms"; 1 350 → "1.4 s"; 90 000 → "1 min 30 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms / 1000);
}

/** Why a queue node has no depth: it was named by configuration but not found in Eddy's sample. */
const NOT_SAMPLED = 'Unknown: this queue is named by the configuration but was not in Eddy’s last sample (another account or region, or not listed by ListQueues).';

/** The one or two figures a node shows, each with a tooltip saying where it comes from. */
export function nodeFigureLines(figures: NodeFigures): { label: string; value: string; title: string }[] {
  switch (figures.kind) {
    case 'table':
      if (!figures.hasStream) return [{ label: 'stream', value: 'none', title: 'This table has no stream enabled.' }];
      return [
        {
          label: 'events/s',
          value: figures.eventsPerSecond === null ? '—' : figures.eventsPerSecond.toFixed(1),
          title:
            figures.eventsPerSecond === null
              ? 'Not measured yet: the stream rate comes from Eddy’s own reader or CloudWatch’s ReturnedRecordsCount.'
              : `Stream records per second. ${figures.eventsSource ? sourceDetail(figures.eventsSource, { timeZone: 'UTC' }) : ''}`.trim(),
        },
      ];
    case 'function':
    case 'consumer': {
      const lines = [];
      if (figures.iteratorAgeMs !== null) lines.push({ label: 'iterator age', value: formatMs(figures.iteratorAgeMs), title: 'IteratorAge (CloudWatch Maximum, last minute with data).' });
      lines.push({
        label: 'mappings',
        value: figures.failingMappings > 0 ? `${figures.failingMappings} of ${figures.mappings} failing` : String(figures.mappings),
        title: 'Event source mappings that invoke this function.',
      });
      return lines;
    }
    case 'queue':
      return [
        figures.visible === null
          ? { label: 'depth', value: '—', title: figures.countsUnknown ?? NOT_SAMPLED }
          : {
              label: 'depth',
              // An in-flight count SQS did not return is said, not left out: "5" alone would read as none in flight.
              value: `${formatCount(figures.visible)}${figures.inFlight === null ? ' (+— in flight)' : figures.inFlight ? ` (+${formatCount(figures.inFlight)} in flight)` : ''}`,
              title: figures.inFlight === null && figures.countsUnknown ? figures.countsUnknown : 'Visible messages (GetQueueAttributes), and those received but not yet deleted.',
            },
        { label: 'trend', value: figures.forecast, title: 'Drain forecast from the depth samples Eddy took in the last 5 minutes.' },
        {
          label: 'oldest',
          ...(figures.oldestAge
            ? (({ text, title }) => ({ value: text, title }))(describeOldestAge(figures.oldestAge, { timeZone: 'UTC' }))
            : {
                value: figures.oldestAgeSeconds === null ? '—' : formatDuration(figures.oldestAgeSeconds),
                title: figures.oldestAgeSeconds === null ? 'No ApproximateAgeOfOldestMessage datapoint in CloudWatch yet.' : 'ApproximateAgeOfOldestMessage (CloudWatch).',
              }),
        },
      ];
    case 'topic': {
      const count = (value: number | null) => (value === null ? '—' : formatCount(value));
      const none = 'No datapoint in CloudWatch (AWS/SNS) for the last 10 minutes: not measured, or nothing happened.';
      return [
        {
          label: 'published/s',
          value: figures.publishedPerSecond === null ? '—' : figures.publishedPerSecond.toFixed(1),
          title: figures.publishedPerSecond === null ? 'No NumberOfMessagesPublished datapoint (CloudWatch AWS/SNS) in the last 5 minutes.' : 'NumberOfMessagesPublished per second over the last 5 minutes (CloudWatch AWS/SNS).',
        },
        { label: 'delivered', value: count(figures.delivered), title: figures.delivered === null ? none : 'NumberOfNotificationsDelivered, last 10 minutes (CloudWatch AWS/SNS).' },
        { label: 'failed', value: count(figures.failed), title: figures.failed === null ? none : 'NumberOfNotificationsFailed, last 10 minutes (CloudWatch AWS/SNS).' },
        { label: 'filtered', value: count(figures.filteredOut), title: figures.filteredOut === null ? none : 'NumberOfNotificationsFilteredOut, last 10 minutes (CloudWatch AWS/SNS).' },
      ];
    }
    case 'dlq':
      return [figures.messages === null ? { label: 'messages', value: '—', title: figures.countsUnknown ?? NOT_SAMPLED } : { label: 'messages', value: formatCount(figures.messages), title: 'Messages in this dead-letter queue.' }];
  }
}
