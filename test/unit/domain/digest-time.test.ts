import { describe, expect, it } from 'vitest';
import { digestDueToday, nextDigestAt } from '../../../src/domain/digest-time.ts';
import { formatWeekdays, zoneName } from '../../../src/i18n/time-words.ts';

describe('the first digest', () => {
  it('comes today when its time is still ahead, else tomorrow, across a DST change', () => {
    expect(nextDigestAt(new Date('2026-12-01T06:00:00Z'), 510, 'Europe/Paris').toISOString()).toBe(
      '2026-12-01T07:30:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-12-01T10:00:00Z'), 510, 'Europe/Paris').toISOString()).toBe(
      '2026-12-02T07:30:00.000Z',
    );
    // Saturday 28 March 2026, 10:00 in Paris: Sunday's 08:30 is in summer time.
    expect(nextDigestAt(new Date('2026-03-28T09:00:00Z'), 510, 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T06:30:00.000Z',
    );
  });

  it('is not due for a time before the channel followed anything, unless the time was set since', () => {
    const at = new Date('2026-12-01T07:30:00Z');
    const followingSince = new Date('2026-12-01T10:00:00Z');
    expect(digestDueToday(at, { followingSince })).toBe(false);
    expect(digestDueToday(at, { followingSince, timeSetAt: null })).toBe(false);
    expect(digestDueToday(at, { followingSince, timeSetAt: new Date('2026-12-01T10:01:00Z') })).toBe(true);
    expect(digestDueToday(at, { followingSince: new Date('2026-11-30T10:00:00Z') })).toBe(true);
  });
});

describe('days and zones as people say them', () => {
  it('names weekdays, as a range when they follow each other', () => {
    expect(formatWeekdays([1, 2, 3, 4, 5], 'en')).toBe('Mon–Fri');
    expect(formatWeekdays([1, 2, 3, 4, 5], 'fr')).toBe('lun.–ven.');
    expect(formatWeekdays([6, 7, 1], 'en')).toBe('Sat–Mon');
    expect(formatWeekdays([1, 3], 'fr')).toBe('lun., mer.');
    expect(formatWeekdays([1, 2, 3, 4, 5, 6, 7], 'fr')).toBe('tous les jours');
  });

  it('names a zone by its city', () => {
    expect(zoneName('America/New_York')).toBe('New York');
    expect(zoneName('UTC')).toBe('UTC');
  });
});
