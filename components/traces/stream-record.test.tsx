// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { itemSteps } from '@/lib/streams/ordering';
import type { AttributeMap } from '@/lib/types/streams';
import type { TraceStreamEvent } from '@/lib/types/traces';
import { StreamRecord } from './stream-record';

const placed: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'PLACED' } };
const paid: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'PAID' } };
const shipped: AttributeMap = { orderId: { S: 'o-1' }, status: { S: 'SHIPPED' } };

function record(n: number, eventName: TraceStreamEvent['eventName'], oldImage?: AttributeMap, newImage?: AttributeMap): TraceStreamEvent {
  return { eventID: `e${n}`, eventName, shardId: 's', sequenceNumber: String(100 + n), approximateCreationTime: Date.parse('2026-12-02T01:00:00Z') + n * 1000, sizeBytes: 1, viewType: 'NEW_AND_OLD_IMAGES', keys: { orderId: { S: 'o-1' } }, oldImage, newImage, ttlDelete: false };
}

const render = (events: TraceStreamEvent[]) => itemSteps(events).map(({ event, gaps }) => renderToStaticMarkup(<StreamRecord event={event} gaps={gaps} />));

describe('a stream record without its creation time', () => {
  it('shows the time as unknown, never 1970', () => {
    const html = renderToStaticMarkup(<StreamRecord event={{ ...record(1, 'INSERT', undefined, placed), approximateCreationTime: undefined }} gaps={[]} />);
    expect(html).toContain('data-unknown="The stream record carries no ApproximateCreationDateTime."');
    expect(html).not.toContain('1970');
  });
});

describe('a trace’s item history', () => {
  it('flags the change whose old image is not the previous new image, and only that one', () => {
    const [first, second] = render([record(1, 'INSERT', undefined, placed), record(2, 'MODIFY', paid, shipped)]);
    expect(first).not.toContain('data-testid="ordering-gap"');
    expect(second).toContain('data-kind="image_mismatch"');
    expect(second).toContain('Ordering gap before this change');
  });

  it('shows no flag on a history in order', () => {
    const html = render([record(1, 'INSERT', undefined, placed), record(2, 'MODIFY', placed, paid), record(3, 'REMOVE', paid)]).join('');
    expect(html).not.toContain('ordering-gap');
  });
});
