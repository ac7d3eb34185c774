// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MoveTask } from '@/lib/types/queues';
import { MoveTaskProgress } from './move-task-progress';

const task = (overrides: Partial<MoveTask>): MoveTask => ({
  status: 'RUNNING',
  sourceArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
  moved: 0,
  startedAt: '2026-12-02T12:00:00.000Z',
  ...overrides,
});

/** The "x of y moved" line, tags stripped. */
function movedLine(html: string): string {
  const match = html.match(/data-testid="redrive-moved">(.*?moved)<\/span>/);
  if (!match) throw new Error('no moved line');
  return match[1].replace(/<[^>]+>/g, '');
}

describe('MoveTaskProgress', () => {
  it('shows a count SQS has not made yet as unknown, never "of 0"', () => {
    const html = renderToStaticMarkup(<MoveTaskProgress label="Redrive" task={task({ toMove: undefined })} />);
    expect(movedLine(html)).toBe('0 of — (unknown: SQS counts the messages to move once the task is selected to start: not counted yet.) moved');
    expect(html).toContain('data-unknown="SQS counts the messages to move');
    expect(html).toContain('aria-valuenow="0"');
  });

  it('shows a moved count SQS did not return as unknown, never 0', () => {
    const html = renderToStaticMarkup(<MoveTaskProgress label="Redrive" task={task({ moved: undefined, toMove: 40, startedAt: undefined })} />);
    expect(movedLine(html)).toBe('— (unknown: SQS did not return ApproximateNumberOfMessagesMoved.) of 40 moved');
  });

  it('shows the count once SQS has made it', () => {
    const html = renderToStaticMarkup(<MoveTaskProgress label="Redrive" task={task({ moved: 250, toMove: 1_000 })} />);
    expect(movedLine(html)).toBe('250 of 1,000 moved');
    expect(html).not.toContain('data-unknown');
    expect(html).toContain('aria-valuenow="25"');
  });
});
