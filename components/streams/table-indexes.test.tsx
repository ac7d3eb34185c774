// React's own string renderer, not Eddy's server/: the layering rule's `**/server` catches its name.
// eslint-disable-next-line no-restricted-imports
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TableIndex } from '@/lib/types/tables';
import { TableIndexes } from './table-indexes';

const index = (extra: Partial<TableIndex>): TableIndex => ({
  name: 'by-status',
  kind: 'GSI',
  keySchema: [{ name: 'status', type: 'HASH' }],
  projection: 'ALL',
  nonKeyAttributes: [],
  status: 'ACTIVE',
  backfilling: false,
  ...extra,
});

describe('TableIndexes', () => {
  it('shows counts DescribeTable did not return as unknown, never 0 items', () => {
    const html = renderToStaticMarkup(<TableIndexes table="orders" indexes={[index({ itemCount: undefined, sizeBytes: undefined })]} />);
    expect(html).toContain('data-unknown="DescribeTable did not return this index&#x27;s ItemCount."');
    expect(html).toContain('data-unknown="DescribeTable did not return this index&#x27;s IndexSizeBytes."');
    expect(html).not.toMatch(/>0</);
  });

  it('says the counts it shows are DynamoDB’s, updated about every six hours', () => {
    const html = renderToStaticMarkup(<TableIndexes table="orders" indexes={[index({ itemCount: 1_200, sizeBytes: 2_048 })]} />);
    expect(html).toContain('1,200');
    expect(html).toContain('2.0 KiB');
    expect(html).toContain('AWS updates them about every six hours');
  });
});
