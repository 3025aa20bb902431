import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.ts';
import { escapeMarkdown, renderMessage, renderModal } from '../../adapters/discord/render-discord.ts';
import { actions, context, fields, header, message, section } from '../../src/message/build.ts';

describe('Discord renderer', () => {
  it('escapes markdown and breaks mass mentions in people’s text, and never parses mentions', () => {
    const out = renderMessage(
      message([header('t'), section('@everyone @here <@123> **bold** [link](https://evil.example) # title')]),
    );
    const description = String(out.embeds[0]?.description);
    expect(description).not.toContain('@everyone');
    expect(description).not.toContain('@here');
    expect(description).toContain('\\<@123>');
    expect(description).toContain('\\*\\*bold\\*\\*');
    expect(description).toContain('\\[link\\]\\(https');
    expect(out.allowed_mentions).toEqual({ parse: [] });
    expect(escapeMarkdown('a_b')).toBe('a\\_b');
  });

  it('renders mentions the model asks for as Discord mentions', () => {
    const out = renderMessage(
      message([section([{ user: '1' }, { text: ' in ' }, { channel: '2' }, { text: ' with ' }, { group: '3' }])]),
    );
    expect(out.embeds[0]?.description).toBe('<@1> in <#2> with <@&3>');
  });

  it('keeps embed and component limits, truncating visibly', () => {
    const out = renderMessage(
      message([
        header('h'.repeat(400)),
        section('d'.repeat(5000)),
        fields(Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2000) }))),
        actions(...Array.from({ length: 40 }, (_, i) => ({ action: 'act', value: `v${i}`, label: 'L'.repeat(100) }))),
        context('small print'),
      ]),
    );
    const embed = out.embeds[0];
    const title = embed?.title ?? '';
    const embedFields = embed?.fields ?? [];
    expect(title).toHaveLength(DISCORD_LIMITS.embedTitle);
    expect(title.endsWith('…')).toBe(true);
    expect(embedFields[0]?.value).toHaveLength(DISCORD_LIMITS.fieldValue);
    expect(embedFields.at(-1)).toMatchObject({ name: '…', value: expect.stringMatching(/^\+\d+$/) });
    const total =
      title.length +
      (embed?.description?.length ?? 0) +
      (embed?.footer?.text.length ?? 0) +
      embedFields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    expect(out.components).toHaveLength(DISCORD_LIMITS.actionRows);
    const firstRow = out.components[0]?.components ?? [];
    expect(firstRow).toHaveLength(DISCORD_LIMITS.buttonsPerRow);
    expect(firstRow[0]?.type === 2 && 'label' in firstRow[0] ? firstRow[0].label : '').toHaveLength(
      DISCORD_LIMITS.buttonLabel,
    );
  });

  it('gathers an action repeated for many named things into menus, keeping the other buttons', () => {
    const stories = Array.from({ length: 30 }, (_, i) =>
      actions({ action: 'veille:draft', value: String(100 + i), label: 'Draft a post', subject: `Story ${i + 1}` }),
    );
    const out = renderMessage(
      message([header('Digest'), ...stories, actions({ action: 'veille:more', label: 'More' })]),
    );
    const [first, second, more] = out.components.map((row) => row.components[0]);
    expect(out.components).toHaveLength(3);
    if (first?.type !== 3 || second?.type !== 3) throw new Error('expected two string selects');
    expect(first.options).toHaveLength(25);
    expect(second.options.map((o) => [o.label, o.value])).toEqual([
      ['26. Story 26', '125'],
      ['27. Story 27', '126'],
      ['28. Story 28', '127'],
      ['29. Story 29', '128'],
      ['30. Story 30', '129'],
    ]);
    expect(first.placeholder).toBe('Draft a post');
    expect(new Set([first.custom_id, second.custom_id]).size).toBe(2);
    expect(more).toMatchObject({ type: 2, custom_id: 'veille:more|' });
    // One such button alone stays a button.
    const single = renderMessage(
      message([actions({ action: 'veille:draft', value: '7', label: 'Draft a post', subject: 'Only' })]),
    );
    expect(single.components[0]?.components[0]).toMatchObject({ type: 2, custom_id: 'veille:draft|7' });
  });

  it('keeps at most 25 fields, the rest in the description', () => {
    const out = renderMessage(
      message([fields(Array.from({ length: 30 }, (_, i) => ({ label: `f${i}`, value: 'v' })))]),
    );
    expect(out.embeds[0]?.fields).toHaveLength(DISCORD_LIMITS.embedFields);
    expect(out.embeds[0]?.description).toContain('f29');
  });

  it('marks private answers and falls back to content when there is no card', () => {
    expect(renderMessage(message([section('x')], { visibility: 'only-you' })).flags).toBe(1 << 6);
    expect(renderMessage(message([section('x')])).flags).toBeUndefined();
    expect(renderMessage(message([], { text: 'plain' }))).toMatchObject({ content: 'plain', embeds: [] });
  });

  it('renders a form as a modal of at most five text inputs, choices in the placeholder', () => {
    const modal = renderModal(
      {
        id: 'config:workspace',
        title: 'Réglages de l’espace de travail avec un titre bien trop long',
        submitLabel: 'Save',
        cancelLabel: 'Cancel',
        fields: [
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
            id: 'terms',
            label: 'A label that is much longer than forty-five characters',
            kind: 'textarea',
            required: false,
            initial: ['a', 'b'],
          },
        ],
      },
      'config:workspace|',
    );
    expect(modal.title).toHaveLength(DISCORD_LIMITS.modalTitle);
    const [language, terms] = modal.components.map((r) => (r.type === 1 ? r.components[0] : undefined));
    expect(language).toMatchObject({
      type: 4,
      custom_id: 'language',
      style: 1,
      required: true,
      value: 'fr',
      placeholder: 'en, fr',
    });
    expect(terms).toMatchObject({ style: 2, value: 'a, b' });
    expect(terms?.label).toHaveLength(DISCORD_LIMITS.inputLabel);
  });
});
