import { describe, expect, it } from 'vitest';
import { dataTable } from '../../src/web/views/components/data-table.js';
import { idList } from '../../src/web/views/components/id-list.js';
import { pageNumbers, pagination } from '../../src/web/views/components/pagination.js';

const text = async (markup: unknown) =>
  String(await markup)
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .replace(/\s+>/g, '>');

describe('page numbers', () => {
  it('shows the first, the last and two pages around the current one', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageNumbers(5, 10)).toEqual([1, 'gap', 3, 4, 5, 6, 7, 'gap', 10]);
    expect(pageNumbers(10, 10)).toEqual([1, 'gap', 8, 9, 10]);
    expect(pageNumbers(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('says when there is nothing and when a page is past the end', async () => {
    const href = (offset: number, limit: number) => `?offset=${offset}&limit=${limit}`;
    expect(await text(pagination({ noun: 'sessions', total: 0, limit: 50, offset: 0, href }))).toContain(
      'No sessions',
    );
    const past = await text(pagination({ noun: 'sessions', total: 60, limit: 50, offset: 100, href }));
    expect(past).toContain('Past the last of 60 sessions');
    expect(past).toContain('Per page:');
    expect(past).toContain('<a href="?offset=0&amp;limit=25">25</a>');
  });
});

describe('id lists in a cell', () => {
  it('lists a few ids whole, each a link when asked', async () => {
    expect(idList([])).toBe('—');
    expect(await text(idList([3, 1], (id) => `/x?c=${id}`))).toBe(
      '<a href="/x?c=3">3</a>, <a href="/x?c=1">1</a>',
    );
  });

  it('folds a long list into a <details> with its count', async () => {
    const ids = Array.from({ length: 10 }, (_, index) => index + 1);
    const shown = await text(idList(ids));
    expect(shown).toBe(
      '<span class="id-list">1, 2, 3, 4, 5, 6, 7, 8 <details class="more-ids"><summary>+2 more (10 in all)</summary> 9, 10 </details></span>',
    );
  });
});

describe('data table cells', () => {
  it('gives a clipped name its whole text as a tooltip, a folded time its class, the rest neither', async () => {
    const table = await text(
      dataTable<{ id: number; name: string; at: string }>({
        id: 't',
        caption: 'c',
        rows: [{ id: 7, name: 'A "long" <name>', at: '2019-08-27 08:25:34 +08:00' }],
        columns: [
          { label: 'Id', rowHeader: true, numeric: true, cell: (row) => row.id },
          { label: 'Name', clip: true, cell: (row) => row.name },
          { label: 'At', fold: true, cell: (row) => row.at },
          { label: 'Plain', cell: () => 'x' },
        ],
      }),
    );
    expect(table).toContain(
      '<tr><th scope="row" class="number">7</th><td class="clip" title="A &quot;long&quot; &lt;name&gt;">A &quot;long&quot; &lt;name&gt;</td><td class="fold">2019-08-27 08:25:34 +08:00</td><td class="">x</td></tr>',
    );
  });
});
