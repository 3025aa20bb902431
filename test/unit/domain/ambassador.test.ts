import { describe, expect, it } from 'vitest';
import { decidePrompt, nextAllowedMoment, type WorkingHours } from '../../../src/domain/ambassador.ts';

const paris: WorkingHours = { timezone: 'Europe/Paris', start: 540, end: 1080, days: [1, 2, 3, 4, 5] };

describe('working hours', () => {
  it('allows now inside the window, in the person’s own timezone', () => {
    const wednesday10h = new Date('2026-11-25T09:00:00Z'); // 10:00 in Paris
    expect(nextAllowedMoment(wednesday10h, paris)).toEqual(wednesday10h);
    // 10:00 UTC is 05:00 in New York: wait until 09:00 there.
    expect(nextAllowedMoment(new Date('2026-11-25T10:00:00Z'), { ...paris, timezone: 'America/New_York' })).toEqual(
      new Date('2026-11-25T14:00:00Z'),
    );
  });

  it('waits for the next working morning after hours and over the weekend', () => {
    expect(nextAllowedMoment(new Date('2026-11-25T18:30:00Z'), paris)).toEqual(new Date('2026-11-26T08:00:00Z'));
    expect(nextAllowedMoment(new Date('2026-11-27T17:30:00Z'), paris)).toEqual(new Date('2026-11-30T08:00:00Z')); // Friday 18:30 → Monday 9:00
    expect(nextAllowedMoment(new Date('2026-11-28T10:00:00Z'), paris)).toEqual(new Date('2026-11-30T08:00:00Z'));
  });

  it('keeps local 9:00 across a daylight-saving change', () => {
    // Saturday 28 March 2026 → Monday 30 March, after Paris moved to summer time (UTC+2).
    expect(nextAllowedMoment(new Date('2026-03-28T10:00:00Z'), paris)).toEqual(new Date('2026-03-30T07:00:00Z'));
  });

  it('honours a person’s own days and hours', () => {
    const weekendShift: WorkingHours = { timezone: 'Asia/Tokyo', start: 13 * 60, end: 20 * 60, days: [6, 7] };
    expect(nextAllowedMoment(new Date('2026-11-25T03:00:00Z'), weekendShift)).toEqual(new Date('2026-11-28T04:00:00Z'));
  });
});

describe('prompt decisions', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  const base = {
    now,
    publishedAt: new Date('2026-11-25T08:00:00Z'),
    maxAgeDays: 3,
    hours: paris,
    sentInLastWeek: [] as Date[],
    perWeek: 3,
  };

  it('sends inside the rules', () => {
    expect(decidePrompt(base)).toEqual({ kind: 'send' });
  });

  it('drops a prompt for a post older than the workspace allows', () => {
    expect(decidePrompt({ ...base, publishedAt: new Date('2026-11-21T08:00:00Z') })).toEqual({
      kind: 'drop',
      why: 'too-old',
    });
  });

  it('waits when the weekly cap is reached, until the oldest prompt leaves the week', () => {
    const sent = [new Date('2026-11-19T10:00:00Z'), new Date('2026-11-20T10:00:00Z'), new Date('2026-11-24T10:00:00Z')];
    const decision = decidePrompt({ ...base, sentInLastWeek: sent });
    expect(decision).toEqual({ kind: 'wait', until: new Date('2026-11-26T10:00:00Z'), why: 'weekly-cap' });
    // A prompt sent more than a week ago does not count.
    expect(decidePrompt({ ...base, sentInLastWeek: [new Date('2026-11-17T10:00:00Z'), ...sent.slice(1)] })).toEqual({
      kind: 'send',
    });
  });

  it('waits for working hours', () => {
    expect(decidePrompt({ ...base, now: new Date('2026-11-25T20:00:00Z') })).toEqual({
      kind: 'wait',
      until: new Date('2026-11-26T08:00:00Z'),
      why: 'hours',
    });
  });
});
