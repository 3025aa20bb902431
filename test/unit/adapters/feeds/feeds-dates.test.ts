import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../../adapters/feeds/feed-date.ts';

const NOW = new Date('2025-01-15T12:00:00Z');
const iso = (raw: string) => parseFeedDate(raw, NOW)?.toISOString() ?? null;

describe('parseFeedDate', () => {
  it('reads RFC 822 dates as feeds write them', () => {
    expect(iso('Tue, 10 Jun 2003 04:00:00 GMT')).toBe('2003-06-10T04:00:00.000Z');
    expect(iso('Tue, 14 Jan 2025 08:30:00 +0100')).toBe('2025-01-14T07:30:00.000Z');
    expect(iso('Wed, 17 Jan 2018 15:50:00 EST')).toBe('2018-01-17T20:50:00.000Z');
    expect(iso('Mon, 3 Jun 2024 09:15 CEST')).toBe('2024-06-03T07:15:00.000Z'); // no seconds
    expect(iso('Thu, 07 Dec 17 10:00:29 -0800')).toBe('2017-12-07T18:00:29.000Z'); // two-digit year
    expect(iso('Thu, 06 Jun 2024 10:00:00 +05:30')).toBe('2024-06-06T04:30:00.000Z');
    expect(iso('Tue, 10 Jun 2003 04:00:00 +0000 (UTC)')).toBe('2003-06-10T04:00:00.000Z');
    expect(iso('10 Jun 2003')).toBe('2003-06-10T00:00:00.000Z');
    expect(iso('Tue, 10 Jun 2003 04:00:00 XYZ')).toBe('2003-06-10T04:00:00.000Z'); // unknown zone: UTC
  });

  it('reads day and month names in French, German and Spanish', () => {
    expect(iso('lun., 13 janv. 2025 18:45 +0100')).toBe('2025-01-13T17:45:00.000Z');
    expect(iso('mer., 11 déc. 2024 10:00:00 +0100')).toBe('2024-12-11T09:00:00.000Z');
    expect(iso('Mi, 12 Dez 2024 08:00:00 +0100')).toBe('2024-12-12T07:00:00.000Z');
    expect(iso('jue, 5 dic 2024 08:00:00 GMT')).toBe('2024-12-05T08:00:00.000Z');
    expect(iso('Fr, 1 März 2024 08:00:00 GMT')).toBe('2024-03-01T08:00:00.000Z');
  });

  it('reads month-first and JavaScript toString forms', () => {
    expect(iso('Jun 10, 2003 04:00:00 GMT')).toBe('2003-06-10T04:00:00.000Z');
    expect(iso('Tue Jun 10 2003 06:00:00 GMT+0200 (Central European Summer Time)')).toBe('2003-06-10T04:00:00.000Z');
  });

  it('reads ISO 8601 / RFC 3339 / W3C-DTF', () => {
    expect(iso('2024-11-05T14:00:00+01:00')).toBe('2024-11-05T13:00:00.000Z');
    expect(iso('2012-08-04T01:29:34.677Z')).toBe('2012-08-04T01:29:34.677Z');
    expect(iso('2024-06-07 08:30:00')).toBe('2024-06-07T08:30:00.000Z');
    expect(iso('2024-10-27')).toBe('2024-10-27T00:00:00.000Z');
    expect(iso('2024-10')).toBe('2024-10-01T00:00:00.000Z');
    expect(iso('2024-06-07T08:30+0200')).toBe('2024-06-07T06:30:00.000Z');
  });

  it('says null, never "now", for what it cannot read', () => {
    for (const raw of [
      '',
      'not a date',
      'Note 1',
      'yesterday',
      '0000-00-00 00:00:00',
      'Tue, 31 Jun 2024 10:00:00 GMT',
      '2023-02-29',
      '2024-13-01',
      '25:00',
      '12345',
      'Tue, 10 Foo 2003 04:00:00 GMT',
    ]) {
      expect(parseFeedDate(raw, NOW), raw).toBeNull();
    }
    expect(parseFeedDate(undefined, NOW)).toBeNull();
  });

  it('treats dates more than two days ahead, and zero timestamps, as unknown', () => {
    expect(iso('2025-01-17T11:00:00Z')).toBe('2025-01-17T11:00:00.000Z');
    expect(iso('2025-01-17T13:00:00Z')).toBeNull();
    expect(iso('Fri, 01 Jan 2100 00:00:00 GMT')).toBeNull();
    expect(iso('Thu, 01 Jan 1970 00:00:00 GMT')).toBeNull();
  });
});
