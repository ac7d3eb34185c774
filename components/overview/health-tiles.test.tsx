// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FlowTiles } from '@/lib/types/flow';
import { HealthTiles } from './health-tiles';

const tiles = (extra: Partial<FlowTiles>): FlowTiles => ({
  deadLetters: 0,
  deadLettersNewLastHour: null,
  deadLettersWindowMs: 3_600_000,
  worstIteratorAge: null,
  eventsPerSecond: null,
  failingMappings: 0,
  mappings: 0,
  ...extra,
});

/** The Dead letters tile's value and detail, tags stripped. */
function deadLettersTile(html: string): string {
  const match = html.match(/<li aria-label="Dead letters">(.*?)<\/li>/);
  if (!match) throw new Error('no Dead letters tile');
  return match[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
}

describe('HealthTiles: the Dead letters total', () => {
  it('sums the dead-letter queues when every count is known', () => {
    expect(deadLettersTile(renderToStaticMarkup(<HealthTiles tiles={tiles({ deadLetters: 7 })} />))).toBe('Dead letters 7 in all dead-letter queues');
  });

  it('says the total is a floor, and whose count is missing, when SQS did not return one', () => {
    const html = renderToStaticMarkup(<HealthTiles tiles={tiles({ deadLetters: 7, deadLettersUnknownIn: ['orders-dlq'] })} />);
    expect(deadLettersTile(html)).toBe('Dead letters ≥ 7 count unknown for orders-dlq');
    expect(html).toContain('title="SQS did not return the message counts of orders-dlq: the figure counts the other dead-letter queues only."');
  });

  it('is unknown, not 0, when the only counts missing leave nothing measured', () => {
    const html = renderToStaticMarkup(<HealthTiles tiles={tiles({ deadLetters: 0, deadLettersUnknownIn: ['orders-dlq'] })} />);
    expect(deadLettersTile(html)).toBe('Dead letters — count unknown for orders-dlq');
  });
});
