import { and, eq, gt, lt } from 'drizzle-orm';
import type { Form } from '../src/message/model.ts';
import type { KeptFormStore } from '../src/ports.ts';
import type { Db } from './client.ts';
import { keptForms } from './schema.ts';

export function createKeptFormStore(db: Db): KeptFormStore {
  return {
    async keep(k) {
      // Expired rows go as new ones come: the table stays as small as what people are fixing.
      await db.delete(keptForms).where(lt(keptForms.expiresAt, k.at));
      await db.insert(keptForms).values({
        id: k.id,
        workspaceId: k.workspaceId,
        userId: k.userId,
        form: k.form as unknown as Record<string, unknown>,
        createdAt: k.at,
        expiresAt: k.expiresAt,
      });
    },
    async find(id, now) {
      const [row] = await db
        .select()
        .from(keptForms)
        .where(and(eq(keptForms.id, id), gt(keptForms.expiresAt, now)));
      return row ? { workspaceId: row.workspaceId, userId: row.userId, form: row.form as unknown as Form } : null;
    },
  };
}
