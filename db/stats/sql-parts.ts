import { type SQL, sql } from 'drizzle-orm';
import type { Measure } from '../../src/domain/stats-figures.ts';
import type { StatsScope } from '../../src/ports.ts';

/** Small pieces the statistics queries share. */

export const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** A PostgreSQL array literal of instants, as one parameter. */
export const tsArray = (ds: Date[]) => sql`${`{${ds.map((d) => d.toISOString()).join(',')}}`}::timestamptz[]`;

/**
 * Joined to `drafts <alias>`: keeps only the scope's campaign, read on the draft's current
 * revision. Empty without a campaign, so the usual query does not touch revisions at all.
 */
export function campaignJoin(scope: StatsScope, alias: SQL): SQL {
  if (!scope.campaign) return sql``;
  return sql`join draft_revisions cr on cr.draft_id = ${alias}.id and cr.revision = ${alias}.revision
    and lower(cr.campaign) = lower(${scope.campaign})`;
}

/**
 * A subquery true when the draft `draftId` belongs to the scope: one primary-key lookup per draft.
 * `offset 0` keeps PostgreSQL from turning it into a join that reads every draft of every
 * workspace, which it would choose as soon as it overestimates how many drafts a period touches.
 */
export function ofWorkspace(scope: StatsScope, draftId: SQL): SQL {
  return sql`select 1 from drafts d ${campaignJoin(scope, sql`d`)}
    where d.id = ${draftId} and d.workspace_id = ${scope.workspaceId}::uuid offset 0`;
}

/** Numbers arrive as strings from one driver and numbers from the other. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

/** A JSON array column, whatever the driver made of it. */
export const strings = (v: unknown): string[] => (typeof v === 'string' ? JSON.parse(v) : ((v as string[]) ?? []));

export const measure = (value: unknown, basis: unknown): Measure => ({ value: numOrNull(value), basis: num(basis) });
