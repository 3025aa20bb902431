import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDelivery } from '../../db/delivery-claims.ts';
import { createDbStore } from '../../db/store.ts';
import { forgetOldDeliveries } from '../../src/services/delivery-memory.ts';
import { freshDatabase, testDbKind } from '../support/test-database.ts';

/** Handled deliveries are remembered for a week, then forgotten, so the claims table stays small. */

const DAY = 24 * 3_600_000;
let fresh: Awaited<ReturnType<typeof freshDatabase>>;
let now = new Date('2026-12-01T12:00:00Z');
const clock = { now: () => now };

beforeAll(async () => {
  fresh = await freshDatabase();
});
afterAll(async () => fresh?.drop());

describe(`delivery memory on ${testDbKind}`, () => {
  it('forgets claims older than a week and keeps recognising the recent ones', async () => {
    const db = fresh.database.db;
    const deps = { store: createDbStore(db, clock), clock, log: pino({ level: 'silent' }) };
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    expect(await claimDelivery(db, 'slack:old', at(8))).toBe(true);
    expect(await claimDelivery(db, 'slack:older', at(30))).toBe(true);
    expect(await claimDelivery(db, 'discord-interaction:recent', at(6))).toBe(true);
    expect(await claimDelivery(db, 'slack:just-now', now)).toBe(true);

    expect(await forgetOldDeliveries(deps)).toBe(2);
    expect(await forgetOldDeliveries(deps)).toBe(0);
    // Still within the week: a repeat is recognised and does nothing.
    expect(await claimDelivery(db, 'discord-interaction:recent', now)).toBe(false);
    expect(await claimDelivery(db, 'slack:just-now', now)).toBe(false);

    // A day later the six-day-old claim passes the week and goes too.
    now = new Date(now.getTime() + 1.5 * DAY);
    expect(await forgetOldDeliveries(deps)).toBe(1);
  });
});
