import { describe, expect, it } from 'vitest';
import { isFifoQueueName, queueLines, queueListPage, readQueueListParams, sortedQueueNames } from './names';

type Row = { name: string; fifo: boolean; role: string };
const names = (n: number) => Array.from({ length: n }, (_, i) => `q-${String(i).padStart(3, '0')}`);

describe('queue names before figures', () => {
  it('tells a FIFO queue by its suffix only', () => {
    expect(isFifoQueueName('orders.fifo')).toBe(true);
    expect(isFifoQueueName('orders-fifo')).toBe(false);
    expect(isFifoQueueName('fifo.orders')).toBe(false);
  });

  it('sorts a copy, leaving the input as it was', () => {
    const input = ['b', 'a', 'c'];
    expect(sortedQueueNames(input)).toEqual(['a', 'b', 'c']);
    expect(input).toEqual(['b', 'a', 'c']);
  });

  it('lines from names carry no figures; lines from rows carry them, in the rows’ order', () => {
    expect(queueLines<Row>(undefined, ['a', 'b.fifo'])).toEqual([
      { name: 'a', fifo: false },
      { name: 'b.fifo', fifo: true },
    ]);
    const rows: Row[] = [
      { name: 'z', fifo: false, role: 'dlq' },
      { name: 'a', fifo: true, role: 'plain' },
    ];
    expect(queueLines(rows, ['a', 'z']).map((l) => [l.name, l.row?.role])).toEqual([
      ['z', 'dlq'],
      ['a', 'plain'],
    ]);
  });
});

describe('the view the URL holds', () => {
  const params = (query: string) => new URLSearchParams(query);

  it('reads filter, role and page, falling back to everything on page 1', () => {
    expect(readQueueListParams(params('q=ord&role=dlq&page=3'))).toEqual({ text: 'ord', role: 'dlq', page: 3 });
    expect(readQueueListParams(params(''))).toEqual({ text: '', role: 'all', page: 1 });
    expect(readQueueListParams(params('role=nonsense&page=0'))).toEqual({ text: '', role: 'all', page: 1 });
    expect(readQueueListParams(params('page=-2'))).toEqual({ text: '', role: 'all', page: 1 });
    expect(readQueueListParams(params('page=2.7')).page).toBe(2);
    expect(readQueueListParams(params('page=abc')).page).toBe(1);
  });
});

describe('one page of the list', () => {
  const lines = queueLines<Row>(undefined, names(1001));

  it('reaches every queue a page at a time', () => {
    const seen: string[] = [];
    for (let page = 1; page <= 21; page++) seen.push(...queueListPage(lines, { text: '', role: 'all', page }, 50).lines.map((l) => l.name));
    expect(seen).toEqual(names(1001));
    expect(queueListPage(lines, { text: '', role: 'all', page: 1 }, 50)).toMatchObject({ matching: 1001, pages: 21, page: 1 });
    expect(queueListPage(lines, { text: '', role: 'all', page: 21 }, 50).lines.map((l) => l.name)).toEqual(['q-1000']);
  });

  it('a page past the end shows the last page', () => {
    const last = queueListPage(lines, { text: '', role: 'all', page: 99 }, 50);
    expect(last.page).toBe(21);
    expect(last.lines).toHaveLength(1);
  });

  it('filters by name, ignoring case and surrounding blanks, before paging', () => {
    const page = queueListPage(lines, { text: '  Q-09 ', role: 'all', page: 1 }, 50);
    expect(page.matching).toBe(10);
    expect(page.lines.map((l) => l.name)).toEqual(names(100).slice(90));
  });

  it('a role matches nothing until the figures say it, then only that role', () => {
    expect(queueListPage(lines, { text: '', role: 'dlq', page: 1 }, 50)).toMatchObject({ matching: 0, pages: 1, page: 1, lines: [] });
    const rows: Row[] = [
      { name: 'a-dlq', fifo: false, role: 'dlq' },
      { name: 'a', fifo: false, role: 'source' },
      { name: 'b', fifo: false, role: 'plain' },
    ];
    expect(queueListPage(queueLines(rows, []), { text: '', role: 'dlq', page: 1 }, 50).lines.map((l) => l.name)).toEqual(['a-dlq']);
  });

  it('an empty list is one empty page', () => {
    expect(queueListPage<Row>([], { text: '', role: 'all', page: 4 }, 50)).toEqual({ lines: [], matching: 0, pages: 1, page: 1 });
  });
});
