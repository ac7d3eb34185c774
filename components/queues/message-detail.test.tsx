import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactElement } from 'react';
// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup as renderBare } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { QueueMessage } from '@/lib/types/queues';
import { MessageDetail } from './message-detail';

/** The body view reads the whole body on request through react-query: give it a client. */
function renderToStaticMarkup(element: ReactElement): string {
  return renderBare(<QueryClientProvider client={new QueryClient()}>{element}</QueryClientProvider>);
}

const NOW = Date.parse('2026-12-02T01:00:00Z');
const queue = { retentionSeconds: 1_209_600, fifo: false, maxReceiveCount: 3 };

function message(overrides: Partial<QueueMessage>): QueueMessage {
  return { messageId: 'm-1', body: '{"orderId":"o-1"}', bodyBytes: 17, attributes: [], systemAttributes: {}, ...overrides };
}

/** The text of one row of the detail list ("Sent", "Receives"…), read from the markup. */
function row(html: string, label: string): string {
  const match = html.match(new RegExp(`<dt[^>]*>${label}</dt><dd[^>]*>(.*?)</dd>`));
  if (!match) throw new Error(`no row ${label}`);
  return match[1].replace(/<[^>]+>/g, '');
}

describe('the DLQ message view', () => {
  it('shows missing system attributes as unknown, never 0, 1970 or expired', () => {
    const reason = 'The SQS endpoint returned no SentTimestamp or ApproximateReceiveCount for this message.';
    const html = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({ unknownReason: reason })} queue={queue} now={NOW} />);
    expect(row(html, 'Sent')).toBe(`— (unknown: ${reason})`);
    expect(row(html, 'Receives')).toBe(`— (unknown: ${reason}) of 3 (maxReceiveCount)`);
    expect(row(html, 'Source queue')).toMatch(/^— \(unknown: The message carries no DeadLetterQueueSourceArn/);
    expect(row(html, 'Expires')).toBe('— (unknown: The sent time is unknown, so the retention clock is too.)');
    expect(html).not.toContain('1970');
    expect(html).not.toMatch(/expired/i);
  });

  it('treats a sent time of 0 as unknown too', () => {
    const html = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({ sentAt: 0, receiveCount: 2 })} queue={queue} now={NOW} />);
    expect(row(html, 'Sent')).toMatch(/^— \(unknown: SQS did not return SentTimestamp\.\)$/);
    expect(row(html, 'Expires')).toMatch(/^— /);
    expect(row(html, 'Receives')).toBe('2 of 3 (maxReceiveCount)');
  });

  it('shows what is known, and says when the source is the DLQ’s only source queue', () => {
    const sentAt = NOW - 3_600_000;
    const html = renderToStaticMarkup(
      <MessageDetail queueName="work-dlq" override={false} message={message({ sentAt, receiveCount: 4, sourceQueue: 'work', sourceQueueInferred: true })} queue={queue} now={NOW} />,
    );
    expect(row(html, 'Receives')).toBe('4 of 3 (maxReceiveCount)');
    expect(row(html, 'Source queue')).toBe('work(this DLQ&#x27;s only source queue)');
    expect(row(html, 'Expires')).toMatch(/^in 13 d 23 h · /);
    expect(html).not.toContain('data-unknown');
  });

  it('says how many of the receives were Eddy’s own where it knows, and what the count includes', () => {
    const sentAt = NOW - 3_600_000;
    const known = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({ sentAt, receiveCount: 3, ownReceiveCount: 1 })} queue={queue} now={NOW} />);
    expect(row(known, 'Receives')).toBe('3 of 3 (maxReceiveCount) · 1 by Eddy');
    expect(known).toContain('title="SQS counts every receive, Eddy’s own browsing included (it has no peek): 1 of these 3 were this Eddy’s');
    // After a restart Eddy cannot know its share: the count as SQS gives it, and why on hover.
    const unknown = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({ sentAt, receiveCount: 3 })} queue={queue} now={NOW} />);
    expect(row(unknown, 'Receives')).toBe('3 of 3 (maxReceiveCount)');
    expect(unknown).toContain('How many of these 3 were Eddy’s is not known');
  });

  it('says how its shape differs from recent traffic when Eddy marked it, and has no Shape row otherwise', () => {
    const note = 'Differs from recent orders traffic: total is S, recent traffic has N';
    const marked = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({ shapeNote: note })} queue={queue} now={NOW} />);
    expect(row(marked, 'Shape')).toBe(note);
    const plain = renderToStaticMarkup(<MessageDetail queueName="work-dlq" override={false} message={message({})} queue={queue} now={NOW} />);
    expect(() => row(plain, 'Shape')).toThrow('no row Shape');
  });
});
