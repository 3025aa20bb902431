import { and, eq, sql } from 'drizzle-orm';
import type { Ambassador, DuePrompt, PendingPrompt, Prompt, PromptStatus } from '../src/domain/ambassador.ts';
import type { AmbassadorStore, Clock } from '../src/ports.ts';
import { type Db, rowsOf } from './client.ts';
import { ambassadors, prompts } from './schema.ts';

type AmbassadorRow = typeof ambassadors.$inferSelect;

const toAmbassador = (r: AmbassadorRow): Ambassador => ({
  workspaceId: r.workspaceId,
  userId: r.userId,
  networks: r.networks,
  active: r.active,
  timezone: r.timezone,
  workStart: r.workStart,
  workEnd: r.workEnd,
  workDays: r.workDays,
  joinedAt: r.joinedAt,
});

export function createAmbassadorStore(db: Db, clock: Clock): AmbassadorStore {
  return {
    async join(workspaceId, userId, opts) {
      const before = await this.get(workspaceId, userId);
      await db
        .insert(ambassadors)
        .values({
          workspaceId,
          userId,
          networks: opts.networks,
          invitedBy: opts.invitedBy ?? null,
          timezone: opts.timezone ?? null,
          joinedAt: clock.now(),
        })
        .onConflictDoUpdate({
          target: [ambassadors.workspaceId, ambassadors.userId],
          set: {
            networks: opts.networks,
            active: true,
            stoppedAt: null,
            ...(opts.timezone ? { timezone: opts.timezone } : {}),
          },
        });
      return !before?.active;
    },
    async leave(workspaceId, userId, now) {
      const updated = await db
        .update(ambassadors)
        .set({ active: false, stoppedAt: now })
        .where(and(eq(ambassadors.workspaceId, workspaceId), eq(ambassadors.userId, userId)))
        .returning({ userId: ambassadors.userId });
      // Prompts not yet delivered stop here; the outbox checks again right before sending.
      await db
        .update(prompts)
        .set({ status: 'stopped', reason: 'stopped-by-person' })
        .where(
          and(
            eq(prompts.workspaceId, workspaceId),
            eq(prompts.userId, userId),
            sql`${prompts.status} in ('waiting', 'queued')`,
          ),
        );
      return updated.length > 0;
    },
    async get(workspaceId, userId) {
      const [row] = await db
        .select()
        .from(ambassadors)
        .where(and(eq(ambassadors.workspaceId, workspaceId), eq(ambassadors.userId, userId)));
      return row ? toAmbassador(row) : null;
    },
    async list(workspaceId) {
      return (
        await db
          .select()
          .from(ambassadors)
          .where(eq(ambassadors.workspaceId, workspaceId))
          .orderBy(ambassadors.joinedAt)
      ).map(toAmbassador);
    },
    async setHours(workspaceId, userId, hours) {
      const updated = await db
        .update(ambassadors)
        .set({
          workStart: hours.workStart,
          workEnd: hours.workEnd,
          workDays: hours.workDays,
          ...(hours.timezone ? { timezone: hours.timezone } : {}),
        })
        .where(and(eq(ambassadors.workspaceId, workspaceId), eq(ambassadors.userId, userId)))
        .returning({ userId: ambassadors.userId });
      return updated.length > 0;
    },
    async createPrompts(workspaceId, draftId, now) {
      const result = await db.execute(sql`
        insert into prompts (workspace_id, draft_id, user_id, status, not_before, created_at)
        select workspace_id, ${draftId}::uuid, user_id, 'waiting', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from ambassadors where workspace_id = ${workspaceId}::uuid and active
        on conflict (draft_id, user_id) do nothing
        returning id`);
      return rowsOf(result).length;
    },
    async claimDuePrompts(now, limit) {
      const iso = now.toISOString();
      const result = await db.execute(sql`
        select p.id, p.workspace_id, p.draft_id, p.user_id, p.status, p.shared_on,
               a.networks, a.active, a.timezone, a.work_start, a.work_end, a.work_days, a.joined_at,
               d.published_at,
               coalesce((select json_agg(q.sent_at) from prompts q
                         where q.workspace_id = p.workspace_id and q.user_id = p.user_id and q.sent_at is not null
                           and q.sent_at > ${iso}::timestamptz - interval '7 days'), '[]'::json) as sent_in_last_week
        from prompts p
        join ambassadors a on a.workspace_id = p.workspace_id and a.user_id = p.user_id
        join drafts d on d.id = p.draft_id
        where p.status = 'waiting' and p.not_before <= ${iso}::timestamptz
        order by p.not_before, p.id
        limit ${limit}
        for update of p skip locked`);
      // biome-ignore lint/suspicious/noExplicitAny: a raw SQL row; each column is read and converted below
      return rowsOf<Record<string, any>>(result).map(
        (r): DuePrompt => ({
          id: Number(r.id),
          workspaceId: r.workspace_id,
          draftId: r.draft_id,
          userId: r.user_id,
          status: r.status,
          sharedOn: r.shared_on,
          publishedAt: new Date(r.published_at),
          sentInLastWeek: (typeof r.sent_in_last_week === 'string'
            ? JSON.parse(r.sent_in_last_week)
            : r.sent_in_last_week
          ).map((t: string) => new Date(t)),
          ambassador: {
            workspaceId: r.workspace_id,
            userId: r.user_id,
            networks: r.networks,
            active: r.active,
            timezone: r.timezone,
            workStart: r.work_start,
            workEnd: r.work_end,
            workDays: r.work_days,
            joinedAt: new Date(r.joined_at),
          },
        }),
      );
    },
    async prompt(id, opts) {
      const q = db.select().from(prompts).where(eq(prompts.id, id));
      const [row] = opts?.lock ? await q.for('update') : await q;
      return row
        ? ({
            id: row.id,
            workspaceId: row.workspaceId,
            draftId: row.draftId,
            userId: row.userId,
            status: row.status as PromptStatus,
            sharedOn: row.sharedOn,
          } satisfies Prompt)
        : null;
    },
    async updatePrompt(id, patch) {
      await db.update(prompts).set(patch).where(eq(prompts.id, id));
    },
    async stats(workspaceId, since, userId) {
      const who = userId ? sql`and user_id = ${userId}` : sql``;
      const [totals] = rowsOf<{ sent: number; shared: number; skipped: number }>(
        await db.execute(sql`
          select count(*) filter (where status in ('sent', 'shared', 'skipped'))::int as sent,
                 count(*) filter (where status = 'shared')::int as shared,
                 count(*) filter (where status = 'skipped')::int as skipped
          from prompts where workspace_id = ${workspaceId}::uuid and sent_at >= ${since.toISOString()}::timestamptz ${who}`),
      );
      const networks = rowsOf<{ network: string; n: number }>(
        await db.execute(sql`
          select n.network, count(*)::int as n from prompts, jsonb_array_elements_text(shared_on) as n(network)
          where workspace_id = ${workspaceId}::uuid and status = 'shared' and sent_at >= ${since.toISOString()}::timestamptz ${who}
          group by n.network order by n desc`),
      );
      const leaders = rowsOf<{ user_id: string; shares: number }>(
        await db.execute(sql`
          select user_id, count(*)::int as shares from prompts
          where workspace_id = ${workspaceId}::uuid and status = 'shared' and answered_at >= ${since.toISOString()}::timestamptz
          group by user_id order by shares desc, user_id limit 10`),
      );
      return {
        sent: Number(totals?.sent ?? 0),
        shared: Number(totals?.shared ?? 0),
        skipped: Number(totals?.skipped ?? 0),
        sharesByNetwork: Object.fromEntries(networks.map((r) => [r.network, Number(r.n)])),
        leaderboard: leaders.map((r) => ({ userId: r.user_id, shares: Number(r.shares) })),
      };
    },
    async pendingPrompts(workspaceId, userId, limit) {
      const where = sql`p.workspace_id = ${workspaceId}::uuid and p.user_id = ${userId} and p.status in ('queued', 'sent')`;
      const [rows, counted] = await Promise.all([
        db.execute(sql`
          select p.id, d.number, r.text, p.sent_at from prompts p
          join drafts d on d.id = p.draft_id
          join draft_revisions r on r.draft_id = d.id and r.revision = d.revision
          where ${where} order by p.id limit ${limit}`),
        db.execute(sql`select count(*)::int as n from prompts p where ${where}`),
      ]);
      const list = rowsOf<{ id: number | string; number: number; text: string; sent_at: string | Date | null }>(rows);
      return {
        prompts: list.map(
          (r): PendingPrompt => ({
            id: Number(r.id),
            draftNumber: Number(r.number),
            text: r.text,
            sentAt: r.sent_at ? new Date(r.sent_at) : null,
          }),
        ),
        total: Number(rowsOf<{ n: number }>(counted)[0]?.n ?? 0),
      };
    },
  };
}
