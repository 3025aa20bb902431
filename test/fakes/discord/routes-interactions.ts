/**
 * Interaction answers: the initial callback (types 4–12, once, within the deadline) and the
 * webhook routes for follow-ups and edits of the original response.
 */

import type { APIMessage } from 'discord-api-types/v10';
import { INTERACTION_MESSAGE_FLAGS, MessageFlag } from './constants.ts';
import { checkCount, type FormErr, formError, HttpError, unknownEntity } from './errors.ts';
import { interactionMessageExtra } from './interaction-registry.ts';
import { flagsOf, obj } from './json.ts';
import { createMessage, deleteMessage, editMessage } from './messages.ts';
import type { RecordedFile } from './recorded.ts';
import { type AddRoute, noContent, ok, param, type Result } from './router.ts';
import type { DiscordState, InteractionRec } from './state.ts';
import { validateMessageFields } from './validate-message.ts';
import { validateModal } from './validate-modal.ts';

const typeError = (message: string): HttpError =>
  formError([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message }]);

/** Applies an interaction response (the body of a callback) to the fake's state; throws what Discord would answer. */
function applyResponse(state: DiscordState, rec: InteractionRec, type: number, data: unknown, files: RecordedFile[]) {
  const d = obj(data);
  const hasSource = rec.sourceMessageId !== null && (rec.type === 3 || rec.type === 5);
  switch (type) {
    case 4: {
      const flags = flagsOf(d.flags) & INTERACTION_MESSAGE_FLAGS;
      const errs = validateMessageFields(d, flags).map((e) => ({ ...e, path: ['data', ...e.path] }));
      if (errs.length) throw formError(errs);
      const extra = interactionMessageExtra(state, rec, true);
      const msg = createMessage(state, rec.channelId, d, files, INTERACTION_MESSAGE_FLAGS, extra);
      rec.originalId = msg.id;
      rec.messageIds.add(msg.id);
      return msg;
    }
    case 5: {
      const flags = flagsOf(d.flags);
      if (flags & ~MessageFlag.Ephemeral) {
        throw formError([
          {
            path: ['data', 'flags'],
            code: 'INTERACTION_RESPONSE_FLAGS_INVALID',
            message: 'Only the EPHEMERAL flag may be set with a deferred response',
          },
        ]);
      }
      const loading = { content: '', flags: flags | MessageFlag.Loading, components: [] };
      const mask = MessageFlag.Ephemeral | MessageFlag.Loading;
      const extra = interactionMessageExtra(state, rec, true);
      const msg = createMessage(state, rec.channelId, loading, [], mask, extra, true);
      rec.originalId = msg.id;
      rec.messageIds.add(msg.id);
      return msg;
    }
    case 6:
    case 7: {
      if (!hasSource) throw typeError('This response type is only valid for component interactions');
      const source = state.messages.get(rec.sourceMessageId ?? '');
      rec.originalId = rec.sourceMessageId;
      // Discord: after an update response, @original is the message the component is on.
      if (rec.sourceMessageId) rec.messageIds.add(rec.sourceMessageId);
      return type === 7 && source ? editMessage(state, source, d, files, INTERACTION_MESSAGE_FLAGS) : source;
    }
    case 8: {
      if (rec.type !== 4) throw typeError('Autocomplete results are only valid for autocomplete interactions');
      const errs: FormErr[] = [];
      checkCount(errs, ['data', 'choices'], d.choices, 25);
      if (errs.length) throw formError(errs);
      return undefined;
    }
    case 9: {
      if (rec.type === 5 || rec.type === 4) throw typeError('A modal cannot answer a modal submit or autocomplete');
      const errs = validateModal(d);
      if (errs.length) throw formError(errs);
      return undefined;
    }
    case 10:
    case 12:
      return undefined;
    default:
      throw typeError('Value of field "type" must be one of (4, 5, 6, 7, 8, 9, 10, 12).');
  }
}

/** One initial response per interaction, before the deadline; `?with_response=true` returns what it made. */
export function interactionCallback(
  state: DiscordState,
  rec: InteractionRec | undefined,
  token: string,
  deadlineMs: number,
  body: unknown,
  files: RecordedFile[],
  withResponse: boolean,
): Result {
  if (!rec || rec.token !== token) throw unknownEntity('interaction', 10062);
  if (deadlineMs > 0 && Date.now() - rec.dispatchedAt > deadlineMs) throw unknownEntity('interaction', 10062);
  if (rec.acked) throw new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
  const b = obj(body);
  const type = Number(b.type);
  const resourceMessage = applyResponse(state, rec, type, b.data ?? {}, files);
  rec.acked = true;
  rec.callbackType = type;
  if (!withResponse) return { status: 204 };
  const msg = rec.originalId ? state.messages.get(rec.originalId) : undefined;
  const flags = msg?.flags ?? 0;
  return {
    status: 200,
    body: {
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(msg
          ? {
              response_message_id: msg.id,
              response_message_loading: Boolean(flags & MessageFlag.Loading),
              response_message_ephemeral: Boolean(flags & MessageFlag.Ephemeral),
            }
          : {}),
      },
      resource: {
        type,
        ...(resourceMessage ? { message: state.messages.get(resourceMessage.id) ?? resourceMessage } : {}),
      },
    },
  };
}

export function interactionRoutes(state: DiscordState, r: AddRoute, deadlineMs: () => number): void {
  r(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (ctx) => {
      const rec = state.interactions.get(param(ctx, 'interactionId'));
      const withResponse = ctx.query.with_response === 'true';
      return interactionCallback(state, rec, param(ctx, 'token'), deadlineMs(), ctx.body, ctx.files, withResponse);
    },
    false,
  );
  const webhookRec = (params: Record<string, string>): InteractionRec => {
    const rec = state.byToken.get(params.token ?? '');
    if (params.appId !== state.applicationId || !rec) throw unknownEntity('Webhook', 10015);
    return rec;
  };
  const webhookMessage = (rec: InteractionRec, messageId: string): APIMessage => {
    const id = messageId === '@original' ? rec.originalId : messageId;
    const msg = id ? state.messages.get(id) : undefined;
    if (!id || !msg || !rec.messageIds.has(id)) throw unknownEntity('Message', 10008);
    return msg;
  };
  r(
    'POST',
    '/webhooks/:appId/:token',
    ({ params, body, files, query }) => {
      const rec = webhookRec(params);
      if (!rec.acked) throw unknownEntity('Webhook', 10015);
      const original = rec.originalId ? state.messages.get(rec.originalId) : undefined;
      const bodyFlags = flagsOf(obj(body).flags);
      let msg: APIMessage;
      if (rec.callbackType === 5 && original && (original.flags ?? 0) & MessageFlag.Loading) {
        // Discord: the first follow-up after a deferred reply replaces the "thinking…" message,
        // and keeps the ephemeral setting chosen when deferring.
        const edit = { ...obj(body), flags: bodyFlags & ~MessageFlag.Ephemeral };
        msg = editMessage(state, original, edit, files, INTERACTION_MESSAGE_FLAGS);
      } else {
        const errs = validateMessageFields(body, bodyFlags & INTERACTION_MESSAGE_FLAGS);
        if (errs.length) throw formError(errs);
        const extra = interactionMessageExtra(state, rec, false);
        msg = createMessage(state, rec.channelId, body, files, INTERACTION_MESSAGE_FLAGS, extra);
        rec.messageIds.add(msg.id);
      }
      return query.wait === 'true' ? ok(msg) : noContent;
    },
    false,
  );
  r(
    'GET',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => ok(webhookMessage(webhookRec(ctx.params), param(ctx, 'messageId'))),
    false,
  );
  r(
    'PATCH',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => {
      const msg = webhookMessage(webhookRec(ctx.params), param(ctx, 'messageId'));
      return ok(editMessage(state, msg, ctx.body, ctx.files, INTERACTION_MESSAGE_FLAGS));
    },
    false,
  );
  r(
    'DELETE',
    '/webhooks/:appId/:token/messages/:messageId',
    (ctx) => {
      deleteMessage(state, webhookMessage(webhookRec(ctx.params), param(ctx, 'messageId')));
      return noContent;
    },
    false,
  );
}
