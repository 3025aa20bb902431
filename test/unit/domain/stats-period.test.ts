import { describe, expect, it } from 'vitest';
import {
  isoWeek,
  monthPeriod,
  parseMonth,
  periodAt,
  periodsEndingWith,
  shiftPeriod,
} from '../../../src/domain/stats-period.ts';

const H = 3_600_000;
const iso = (d: Date) => d.toISOString();

describe('reporting periods in the workspace timezone', () => {
  it('an ISO week runs from local Monday midnight to the next, 167 hours when clocks go forward', () => {
    const week = periodAt('week', new Date('2026-03-29T21:59:00Z'), 'Europe/Paris'); // Sunday 23:59 CEST
    expect([week.year, week.index]).toEqual([2026, 13]);
    expect(iso(week.start)).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(week.end)).toBe('2026-03-29T22:00:00.000Z');
    expect(week.end.getTime() - week.start.getTime()).toBe(167 * H);
    // Half an hour later it is Monday 00:30 in Paris: the next week.
    expect(periodAt('week', new Date('2026-03-29T22:30:00Z'), 'Europe/Paris').index).toBe(14);
  });

  it('169 hours when clocks go back, in Paris and in New York', () => {
    const paris = periodAt('week', new Date('2026-10-25T12:00:00Z'), 'Europe/Paris');
    expect([iso(paris.start), iso(paris.end)]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect(paris.end.getTime() - paris.start.getTime()).toBe(169 * H);
    const ny = periodAt('week', new Date('2026-11-04T12:00:00Z'), 'America/New_York');
    expect([iso(ny.start), iso(ny.end)]).toEqual(['2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z']);
    const nyBefore = shiftPeriod(ny, -1);
    expect(nyBefore.end.getTime() - nyBefore.start.getTime()).toBe(169 * H);
  });

  it('a half-hour change (Lord Howe Island)', () => {
    const week = periodAt('week', new Date('2026-04-02T00:00:00Z'), 'Australia/Lord_Howe');
    expect(week.end.getTime() - week.start.getTime()).toBe(168.5 * H);
  });

  it('ISO week numbers at the turn of the year', () => {
    expect(isoWeek({ year: 2026, month: 1, day: 1 })).toEqual({ year: 2026, week: 1 });
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toEqual({ year: 2026, week: 53 });
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 });
    expect(periodAt('week', new Date('2027-01-02T12:00:00Z'), 'Europe/Paris').index).toBe(53);
  });

  it('calendar months and quarters start at local midnight of their first day', () => {
    const march = periodAt('month', new Date('2026-03-31T21:59:00Z'), 'Europe/Paris');
    expect([iso(march.start), iso(march.end), march.index]).toEqual([
      '2026-02-28T23:00:00.000Z',
      '2026-03-31T22:00:00.000Z',
      3,
    ]);
    expect(periodAt('month', new Date('2026-03-31T22:00:00Z'), 'Europe/Paris').index).toBe(4);
    const q = periodAt('quarter', new Date('2026-05-10T00:00:00Z'), 'Asia/Tokyo');
    expect([q.year, q.index, iso(q.start), iso(q.end)]).toEqual([
      2026,
      2,
      '2026-03-31T15:00:00.000Z',
      '2026-06-30T15:00:00.000Z',
    ]);
    const before = shiftPeriod(periodAt('quarter', new Date('2026-02-01T00:00:00Z'), 'UTC'), -1);
    expect([before.year, before.index, iso(before.start)]).toEqual([2025, 4, '2025-10-01T00:00:00.000Z']);
  });

  it('twelve weeks ending with a week, oldest first, each beginning where the last ended', () => {
    const weeks = periodsEndingWith(periodAt('week', new Date('2026-03-25T12:00:00Z'), 'Europe/Paris'), 12);
    expect(weeks.map((w) => w.index)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i]?.start).toEqual(weeks[i - 1]?.end);
  });

  it('reads YYYY-MM months', () => {
    expect(parseMonth('2026-03')).toEqual({ year: 2026, month: 3 });
    expect(parseMonth(' 2026-3 ')).toEqual({ year: 2026, month: 3 });
    for (const bad of ['2026-13', '2026-00', 'march', '26-03', '2026/03']) expect(parseMonth(bad)).toBeNull();
    expect(iso(monthPeriod(2026, 12, 'UTC').end)).toBe('2027-01-01T00:00:00.000Z');
  });
});
