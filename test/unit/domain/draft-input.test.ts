import { describe, expect, it } from 'vitest';
import { parseDraftRef } from '../../../src/domain/draft.ts';
import { readDraftInput } from '../../../src/domain/draft-input.ts';
import { formatInZone, parseLocalDateTime, toLocalInput, zonedToUtc } from '../../../src/domain/zoned-time.ts';

const opts = {
  defaultNetworks: ['linkedin' as const],
  timezone: 'Europe/Paris',
  now: new Date('2026-11-21T09:00:00Z'),
  locale: 'en',
};

describe('draft input', () => {
  it('reads a full form: networks, planned time in the workspace zone, link and media, campaign and note', () => {
    const c = readDraftInput(
      {
        text: '  Hello\r\nworld  ',
        networks: ['X', 'mastodon', 'x'],
        planned: '2026-12-01 09:30',
        links: 'https://acme.example/a\nhttps://cdn.acme.example/1.png',
        note: '#spring check the date',
      },
      opts,
    );
    expect(c).toEqual({
      text: 'Hello\nworld',
      networks: ['x', 'mastodon'],
      link: 'https://acme.example/a',
      media: ['https://cdn.acme.example/1.png'],
      plannedAt: new Date('2026-12-01T08:30:00Z'),
      campaign: 'spring',
      reviewerNote: 'check the date',
    });
  });

  it('uses the workspace default networks when none are given', () => {
    expect(readDraftInput({ text: 'x' }, opts).networks).toEqual(['linkedin']);
  });

  it('refuses what it cannot use, saying why', () => {
    const bad: [Parameters<typeof readDraftInput>[0], string][] = [
      [{ text: '   ' }, 'draft.empty'],
      [{ text: 'a'.repeat(70_000) }, 'draft.too-long'],
      [{ text: 'bell\u0007' }, 'draft.control-chars'],
      [{ text: 'rtl \u202Etxet' }, 'draft.control-chars'],
      [{ text: 'x', networks: 'myspace' }, 'draft.bad-networks'],
      [{ text: 'x', planned: 'tomorrow' }, 'draft.bad-date'],
      [{ text: 'x', planned: '2026-02-30 10:00' }, 'draft.bad-date'],
      [{ text: 'x', planned: '2026-11-21 09:00' }, 'draft.past-date'],
      [{ text: 'x', links: 'javascript:alert(1)' }, 'draft.bad-url'],
      [{ text: 'x', links: 'ftp://files.example' }, 'draft.bad-url'],
    ];
    for (const [input, key] of bad)
      expect(() => readDraftInput(input, opts), key).toThrow(expect.objectContaining({ key }));
  });
});

describe('draft references', () => {
  it('accepts the ways people write them', () => {
    for (const ref of ['D-42', 'd42', '#42', '42', ' D-42 ']) expect(parseDraftRef(ref)).toBe(42);
    for (const ref of ['D-', 'draft', '4 2', '-1']) expect(parseDraftRef(ref)).toBeNull();
  });
});

describe('zoned time', () => {
  it('reads wall-clock times across daylight-saving changes', () => {
    expect(zonedToUtc({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, 'Europe/Paris')).toEqual(
      new Date('2026-07-01T07:00:00Z'),
    );
    expect(zonedToUtc({ year: 2026, month: 1, day: 1, hour: 9, minute: 0 }, 'Europe/Paris')).toEqual(
      new Date('2026-01-01T08:00:00Z'),
    );
    // 02:30 does not exist on the spring-forward night: it is read as 03:30.
    expect(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Paris')).toEqual(
      new Date('2026-03-29T01:30:00Z'),
    );
    // 02:30 happens twice in October: the first one.
    expect(zonedToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Paris')).toEqual(
      new Date('2026-10-25T00:30:00Z'),
    );
    expect(zonedToUtc({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, 'America/New_York')).toEqual(
      new Date('2026-12-01T14:00:00Z'),
    );
  });

  it('shows instants in the reader’s zone and language, and round-trips the form format', () => {
    const instant = new Date('2026-12-01T08:30:00Z');
    expect(formatInZone(instant, 'Europe/Paris', 'fr')).toMatch(/1 déc\.? 2026.*09:30.*Europe\/Paris/);
    expect(formatInZone(instant, 'America/New_York', 'en')).toMatch(/1 Dec 2026.*03:30.*America\/New_York/);
    expect(toLocalInput(instant, 'Europe/Paris')).toBe('2026-12-01 09:30');
    expect(parseLocalDateTime('2026-12-01 9h30')).toEqual({ year: 2026, month: 12, day: 1, hour: 9, minute: 30 });
  });
});
