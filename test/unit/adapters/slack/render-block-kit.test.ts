import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../../../adapters/slack/limits.ts';
import { renderMessage, renderModal } from '../../../../adapters/slack/render-block-kit.ts';
import { actions, context, fields, header, message, section } from '../../../../src/message/build.ts';
import type { Form } from '../../../../src/message/model.ts';

const hostile = '<!channel> <!everyone> <@U123> <https://evil.example|click me> *bold* &amp;';

describe('Block Kit renderer', () => {
  it('never hands people’s text to mrkdwn: plain_text or rich_text elements only', () => {
    const out = renderMessage(
      message([
        header(hostile),
        section(hostile),
        context(hostile),
        section([{ text: hostile, style: 'bold' }]),
        fields([{ label: 'Note', value: hostile }]),
      ]),
    );
    const json = JSON.stringify(out.blocks);
    expect(json).not.toContain('"mrkdwn"');
    const texts = out.blocks
      .flatMap((b: any) => [
        b.text,
        ...(b.elements ?? []),
        ...(b.elements?.flatMap((e: any) => e.elements ?? []) ?? []),
      ])
      .filter((t: any) => t && 'text' in t);
    for (const t of texts) expect(['plain_text', 'text']).toContain(t.type);
    // The hostile string arrives as literal text, never as a mention or link element.
    expect(json).not.toMatch(/"type":"(user|broadcast|link|usergroup)"/);
  });

  it('renders mentions and channels as structured elements', () => {
    const out = renderMessage(
      message([
        section([{ user: 'U1' }, { text: ' reviews in ' }, { channel: 'C9' }, { text: ' for ' }, { group: 'S3' }]),
      ]),
    );
    const elements = (out.blocks[0] as any).elements[0].elements;
    expect(elements).toEqual([
      { type: 'user', user_id: 'U1' },
      { type: 'text', text: ' reviews in ' },
      { type: 'channel', channel_id: 'C9' },
      { type: 'text', text: ' for ' },
      { type: 'usergroup', usergroup_id: 'S3' },
    ]);
  });

  it('keeps every limit and says when it cut', () => {
    const many = Array.from({ length: 80 }, (_, i) => section(`line ${i}`));
    const out = renderMessage(
      message([
        header('h'.repeat(500)),
        ...many,
        actions(...Array.from({ length: 30 }, (_, i) => ({ action: 'a', value: String(i), label: 'L'.repeat(100) }))),
      ]),
    );
    expect(out.blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(JSON.stringify(out.blocks.at(-1))).toContain('more');
    const head = out.blocks[0] as any;
    expect(head.text.text).toHaveLength(SLACK_LIMITS.headerText);
    expect(head.text.text.endsWith('…')).toBe(true);
    const long = renderMessage(message([section('x'.repeat(5000))]));
    expect((long.blocks[0] as any).text.text).toHaveLength(SLACK_LIMITS.sectionText);
    expect(long.text.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    const buttons = renderMessage(
      message([
        actions(...Array.from({ length: 30 }, (_, i) => ({ action: 'a', value: String(i), label: 'L'.repeat(100) }))),
      ]),
    );
    const elements = (buttons.blocks[0] as any).elements;
    expect(elements).toHaveLength(SLACK_LIMITS.actionsElements);
    expect(elements[0].text.text).toHaveLength(SLACK_LIMITS.buttonText);
    expect(elements[0].action_id).toBe('a|0');
  });

  it('renders a form as a modal with one input block per field', () => {
    const form: Form = {
      id: 'config:review',
      title: 'A title far longer than Slack allows',
      submitLabel: 'Enregistrer',
      cancelLabel: 'Annuler',
      fields: [
        { id: 'review-channel', label: 'Canal', kind: 'channel', required: false, initial: 'C1' },
        { id: 'approvals', label: 'Validations', kind: 'number', required: true, initial: '2' },
        {
          id: 'language',
          label: 'Langue',
          kind: 'choice',
          required: true,
          initial: 'fr',
          choices: [
            { value: 'en', label: 'English' },
            { value: 'fr', label: 'Français' },
          ],
        },
        {
          id: 'networks',
          label: 'Réseaux',
          kind: 'choices',
          required: false,
          initial: ['x'],
          choices: [
            { value: 'x', label: 'X' },
            { value: 'linkedin', label: 'LinkedIn' },
          ],
        },
        { id: 'terms', label: 'Termes', kind: 'textarea', required: false, initial: 'Titan' },
      ],
    };
    const view = renderModal(form, '{"c":"C1"}') as any;
    expect(view.title.text).toHaveLength(SLACK_LIMITS.modalTitle);
    expect(view.close.text).toBe('Annuler');
    expect(view.blocks.map((b: any) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['review-channel', 'conversations_select', true],
      ['approvals', 'number_input', false],
      ['language', 'static_select', false],
      ['networks', 'multi_static_select', true],
      ['terms', 'plain_text_input', true],
    ]);
    expect(view.blocks[0].element.initial_conversation).toBe('C1');
    expect(view.blocks[2].element.initial_option.value).toBe('fr');
    expect(view.blocks[3].element.initial_options.map((o: any) => o.value)).toEqual(['x']);
    expect(view.blocks[4].element).toMatchObject({ multiline: true, initial_value: 'Titan' });
  });
});
