import { describe, expect, it } from 'vitest';
import { commands, findAction, findForm, uniqueIds } from '../../../commands/index.ts';
import { decodeActionId, encodeActionId } from '../../../src/message/action-id.ts';
import { button } from '../../../src/message/button-kind.ts';
import { draftButtons, promptButtons } from '../../../src/services/buttons.ts';

describe('buttons and forms, declared once', () => {
  it('refuses an id declared twice instead of letting the first one win', () => {
    expect(() =>
      uniqueIds('button', [
        ['draft:approve', 1],
        ['draft:approve', 2],
      ]),
    ).toThrow('button id draft:approve is declared twice');
  });

  it('routes every button Relais sends to exactly one handler', () => {
    const ids = commands.flatMap((c) => (c.actions ?? []).map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const kind of [...Object.values(draftButtons), ...Object.values(promptButtons)])
      expect(findAction(kind.id)?.id).toBe(kind.id);
    expect(findForm('draft:new')).toBeDefined();
  });

  it('encodes a button value with its kind and reads it back through the same schema', () => {
    const b = button(draftButtons.approve, { draftId: '0b8c9f62-3a5e-4a8e-9d1f-2f6c1b7e9a10', revision: 3 }, 'OK');
    const { action, value } = decodeActionId(encodeActionId(b.action, b.value));
    expect(action).toBe('draft:approve');
    expect(draftButtons.approve.value.parse(value)).toEqual({
      draftId: '0b8c9f62-3a5e-4a8e-9d1f-2f6c1b7e9a10',
      revision: 3,
    });
    expect(promptButtons.shared.value.safeParse('12; drop').success).toBe(false);
  });
});
