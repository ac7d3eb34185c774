// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { QueueRow } from '@/lib/types/queues';
import { QueueRoleBadges } from './queue-badges';

const ARN = 'arn:aws:sqs:us-east-1:000000000000';

function source(dlqName: string): QueueRow {
  return {
    name: 'orders',
    url: 'http://127.0.0.1/000000000000/orders',
    arn: `${ARN}:orders`,
    fifo: false,
    visible: 0,
    inFlight: 0,
    delayed: 0,
    retentionSeconds: 345_600,
    visibilityTimeoutSeconds: 30,
    createdAt: '2026-12-01T00:00:00.000Z',
    redrivePolicy: { deadLetterTargetArn: `${ARN}:${dlqName}`, maxReceiveCount: 3 },
    role: 'source',
    sourceNames: [],
    history: [],
    forecast: { kind: 'empty' },
    failureDestinationOf: [],
  };
}

const render = (queue: QueueRow, counts: Map<string, number | undefined>) => renderToStaticMarkup(<QueueRoleBadges queue={queue} dlqCounts={counts} />);

describe('QueueRoleBadges: the DLQ a queue sends to', () => {
  it('shows a DLQ missing from the listing as unknown ("—" and why), never as no dead letters', () => {
    const html = render(source('orders-dlq'), new Map([['other-dlq', 4]]));
    expect(html).toContain('→ orders-dlq after 3 receives');
    expect(html).toMatch(/data-unknown="Dead letters unknown: orders-dlq is not among the queues listed here[^"]*"/);
    expect(html).not.toContain('dead letters"');
  });

  it('shows a listed DLQ whose counts SQS did not return as unknown, never as no dead letters', () => {
    const html = render(source('orders-dlq'), new Map([['orders-dlq', undefined]]));
    expect(html).toContain("data-unknown=\"Dead letters unknown: SQS did not return all of orders-dlq&#x27;s message counts.\"");
    expect(html).not.toContain('dead letters"');
  });

  it('says when the RedrivePolicy gives no maxReceiveCount, never "after undefined receives"', () => {
    const queue = source('orders-dlq');
    const html = render({ ...queue, redrivePolicy: { deadLetterTargetArn: queue.redrivePolicy!.deadLetterTargetArn } }, new Map([['orders-dlq', 0]]));
    expect(html).toContain('→ orders-dlq after an unstated number of receives');
  });

  it('counts the dead letters of a listed DLQ, and shows none for an empty one', () => {
    expect(render(source('orders-dlq'), new Map([['orders-dlq', 1_234]]))).toContain('aria-label="1234 dead letters">1,234</span>');
    const empty = render(source('orders-dlq'), new Map([['orders-dlq', 0]]));
    expect(empty).not.toContain('data-unknown');
    expect(empty).not.toContain('dead letters"');
  });
});
