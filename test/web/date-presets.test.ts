import { describe, expect, it } from 'vitest';
import { datePresets } from '../../src/web/views/components/date-presets.js';

const ranges = (presets: ReturnType<typeof datePresets>) =>
  presets.map((preset) => `${preset.label}: ${preset.from ?? '…'} to ${preset.to ?? '…'}`);

describe('date presets', () => {
  it('anchors on the last date of the data: its day, 7 days, its week from Monday, all', () => {
    // 2019-08-27 is a Tuesday.
    expect(ranges(datePresets('2019-08-27'))).toEqual([
      'Last day of data: 2019-08-27 to 2019-08-27',
      'Last 7 days of data: 2019-08-21 to 2019-08-27',
      'Last week of data: 2019-08-26 to 2019-09-01',
      'All data: … to …',
    ]);
  });

  it('starts the week on Sunday where weeks start then; a last date on the first day is that week', () => {
    expect(ranges(datePresets('2019-08-27', { weekStart: 'sunday' }))[2]).toBe(
      'Last week of data: 2019-08-25 to 2019-08-31',
    );
    // 2019-08-26 is a Monday, 2019-08-25 a Sunday.
    expect(ranges(datePresets('2019-08-26'))[2]).toBe('Last week of data: 2019-08-26 to 2019-09-01');
    expect(ranges(datePresets('2019-08-25', { weekStart: 'sunday' }))[2]).toBe(
      'Last week of data: 2019-08-25 to 2019-08-31',
    );
    // A Sunday is the last day of a week from Monday.
    expect(ranges(datePresets('2019-08-25'))[2]).toBe('Last week of data: 2019-08-19 to 2019-08-25');
  });

  it('counts whole weeks on a page of weeks: the last one and the last four', () => {
    expect(ranges(datePresets('2019-08-27', { byWeek: true }))).toEqual([
      'Last week of data: 2019-08-26 to 2019-09-01',
      'Last 4 weeks of data: 2019-08-05 to 2019-09-01',
      'All data: … to …',
    ]);
  });

  it('crosses month, year and leap-day boundaries by the calendar', () => {
    expect(ranges(datePresets('2020-01-02'))[1]).toBe('Last 7 days of data: 2019-12-27 to 2020-01-02');
    // 2020-03-01 is a Sunday; February 2020 has 29 days.
    expect(ranges(datePresets('2020-03-01'))[1]).toBe('Last 7 days of data: 2020-02-24 to 2020-03-01');
    expect(ranges(datePresets('2020-03-01'))[2]).toBe('Last week of data: 2020-02-24 to 2020-03-01');
    expect(ranges(datePresets('2021-03-01'))[1]).toBe('Last 7 days of data: 2021-02-23 to 2021-03-01');
  });

  it('offers only all the data when there is none, or its last date is not a plain date', () => {
    expect(ranges(datePresets(null))).toEqual(['All data: … to …']);
    expect(ranges(datePresets('-0001-12-31'))).toEqual(['All data: … to …']);
    expect(ranges(datePresets('10000-01-01'))).toEqual(['All data: … to …']);
  });
});
