import { describe, expect, it } from 'vitest';
import { PLAYGROUND_LIMITS } from '../../../../adapters/playground/limits.ts';
import {
  escapeHtml,
  type MentionNames,
  renderFormHtml,
  renderInlineHtml,
  renderMessageHtml,
  safeHref,
} from '../../../../adapters/playground/render-html.ts';
import {
  actions,
  bold,
  code,
  context,
  divider,
  fields,
  header,
  message,
  section,
} from '../../../../src/message/build.ts';
import type { Form, Message } from '../../../../src/message/model.ts';

const names: MentionNames = {
  users: new Map([['alice', 'Alice Martin']]),
  groups: new Map([['reviewers', 'reviewers']]),
  channels: new Map([['C-review', 'review']]),
};

/** The text a browser would show: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderMessageHtml', () => {
  it('keeps markup and mass pings typed by people as inert text', () => {
    const hostile = '<script>alert(1)</script> <!channel> @everyone <img src=x onerror=alert(1)>';
    const html = renderMessageHtml(
      message([
        header(hostile),
        section(hostile),
        context([{ text: hostile, style: 'bold' }]),
        fields([{ label: hostile, value: hostile }]),
      ]),
    );
    expect(html).not.toMatch(/<script|<img|<!channel/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;!channel&gt;');
    // @everyone stays plain text: no mention chip, no link.
    expect(html).not.toMatch(/rl-mention[^>]*>@everyone/);
    expect(visibleText(html)).toContain('@everyone');
  });

  it('shows a message’s picture as a data: URL with its alt text, escaped', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64');
    const html = renderMessageHtml({
      ...message([section('Weekly report')]),
      attachment: {
        kind: 'image',
        base64: png,
        filename: 'chart.png',
        contentType: 'image/png',
        alt: 'Bars "drafts" <b>by week</b>',
      },
    });
    expect(html).toContain(`<img class="rl-image" src="data:image/png;base64,${png}"`);
    expect(html).toContain('alt="Bars &quot;drafts&quot; &lt;b&gt;by week&lt;/b&gt;"');
    const forged = renderMessageHtml({
      ...message([section('x')]),
      attachment: {
        kind: 'image',
        base64: 'AAAA" onerror="alert(1)',
        filename: 'chart.png',
        contentType: 'image/png',
        alt: 'x',
      },
    });
    expect(forged).not.toContain('<img');
  });

  it('offers a file as a download link holding its bytes, never as markup', () => {
    const csv = Buffer.from('reference,author\r\nD-1,ann\r\n').toString('base64');
    const html = renderMessageHtml({
      ...message([section('Export')], { visibility: 'only-you' }),
      attachment: {
        kind: 'file',
        base64: csv,
        filename: 'relais-2026-03.csv',
        contentType: 'text/csv',
        alt: 'Rows: 1',
      },
    });
    expect(html).toContain(
      `<a class="rl-download" href="data:text/csv;charset=utf-8;base64,${csv}" download="relais-2026-03.csv"`,
    );
    expect(html).not.toContain('<img');
    const forged = renderMessageHtml({
      ...message([section('x')]),
      attachment: { kind: 'file', base64: csv, filename: '"><script>.csv', contentType: 'text/csv', alt: 'x' },
    });
    expect(forged).not.toContain('<script');
    expect(forged).toContain('download="relais-file.txt"');
  });

  it('renders bold, italic and code, and links only to http(s)', () => {
    const html = renderMessageHtml(
      message([
        section([
          bold('B'),
          { text: 'I', style: 'italic' },
          code('x<y'),
          { text: 'site', href: 'https://example.com/a?b=1&c=2' },
          { text: 'evil', href: 'javascript:alert(1)' },
          { text: 'data', href: 'data:text/html,<script>alert(1)</script>' },
          { text: 'relative', href: '/api/state' },
        ]),
      ]),
    );
    expect(html).toContain('<strong>B</strong>');
    expect(html).toContain('<em>I</em>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">site</a>',
    );
    expect(html).not.toMatch(/javascript:|data:text|href="\/api/);
    expect(html).toContain('evil');
    expect(safeHref('HTTP://Example.com')).toBe('http://example.com/');
    expect(safeHref('ftp://example.com')).toBeNull();
  });

  it('shows mentions as chips with names, and unknown ids as themselves', () => {
    const html = renderMessageHtml(
      message([
        section([
          { user: 'alice' },
          { text: ' ' },
          { group: 'reviewers' },
          { text: ' ' },
          { channel: 'C-review' },
          { text: ' ' },
          { user: '<b>x</b>' },
        ]),
      ]),
      { names },
    );
    expect(html).toContain('<span class="rl-mention rl-mention-user" data-user="alice">@Alice Martin</span>');
    expect(html).toContain('data-group="reviewers">@reviewers</span>');
    expect(html).toContain('data-channel="C-review">#review</span>');
    expect(html).toContain('data-user="&lt;b&gt;x&lt;/b&gt;">@&lt;b&gt;x&lt;/b&gt;</span>');
  });

  it('renders buttons with their encoded action and escapes hostile values', () => {
    const html = renderMessageHtml(
      message([
        actions(
          { action: 'config:edit', value: 'review', label: 'Edit <Review>', style: 'primary' },
          { action: 'x', value: '"><script>', label: 'y', style: 'danger' },
        ),
      ]),
    );
    expect(html).toContain(
      '<button type="button" class="rl-button rl-primary" data-action="config:edit|review">Edit &lt;Review&gt;</button>',
    );
    expect(html).toContain('data-action="x|&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('rl-danger');
  });

  it('marks private messages and keeps only valid accent colours', () => {
    const privateMessage: Message = {
      ...message([divider(), section('hi')], { visibility: 'only-you' }),
      accent: '#12abef',
    };
    const html = renderMessageHtml(privateMessage, { labels: { onlyYou: 'Visible par vous seul' } });
    expect(html).toContain('data-visibility="only-you"');
    expect(html).toContain('<p class="rl-visibility">Visible par vous seul</p>');
    expect(html).toContain('data-accent="#12abef"');
    expect(renderMessageHtml({ ...privateMessage, accent: 'red;background:url(x)' })).not.toContain('data-accent');
    expect(renderMessageHtml(message([section('x')]))).not.toContain('rl-visibility');
  });

  it('falls back to the plain text when a message has no blocks', () => {
    expect(visibleText(renderMessageHtml({ text: 'only <text>', blocks: [], visibility: 'public' }))).toBe(
      'only <text>',
    );
  });

  it('truncates long text visibly, with an ellipsis', () => {
    const long = 'a'.repeat(PLAYGROUND_LIMITS.sectionText + 500);
    const text = visibleText(renderMessageHtml(message([header('h'.repeat(400)), section(long)])));
    expect(text).toContain(`${'h'.repeat(PLAYGROUND_LIMITS.headerText - 1)}…`);
    expect(text).toContain(`${'a'.repeat(PLAYGROUND_LIMITS.sectionText - 1)}…`);
    expect(text).not.toContain('a'.repeat(PLAYGROUND_LIMITS.sectionText));
    // Spans share one budget; what is cut ends with the ellipsis.
    expect(visibleText(renderInlineHtml([{ text: 'abcdef' }, { text: 'ghij', style: 'bold' }], 8))).toBe('abcdefg…');
    expect(visibleText(renderInlineHtml([{ text: 'abcdef' }, { user: 'alice' }], 6))).toBe('abcdef…');
  });

  it('says how many blocks it left out past the limit', () => {
    const many = Array.from({ length: PLAYGROUND_LIMITS.blocksPerMessage + 10 }, (_, i) => section(`s${i}`));
    const html = renderMessageHtml(message(many));
    expect(html.match(/class="rl-section"/g)).toHaveLength(PLAYGROUND_LIMITS.blocksPerMessage - 1);
    expect(html).toContain('… (11 more)');
  });
});

describe('renderFormHtml', () => {
  const channels = [
    { id: 'C-general', name: 'general' },
    { id: 'C-review', name: 'review' },
  ];
  const form: Form = {
    id: 'test:form',
    title: 'Réglages <b>',
    submitLabel: 'Enregistrer',
    cancelLabel: 'Annuler',
    state: 'opaque',
    fields: [
      {
        id: 'name',
        label: 'Name',
        kind: 'text',
        required: true,
        initial: 'Ada "<x>"',
        placeholder: 'Your name',
        maxLength: 40,
        hint: 'shown <to> all',
      },
      { id: 'note', label: 'Note', kind: 'textarea', required: false, initial: '</textarea><script>alert(1)</script>' },
      { id: 'approvals', label: 'Validations requises', kind: 'number', required: true, initial: '2' },
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
    ],
  };
  const more: Form = {
    ...form,
    fields: [
      {
        id: 'networks',
        label: 'Réseaux',
        kind: 'choices',
        required: false,
        initial: ['x', 'mastodon'],
        choices: [
          { value: 'linkedin', label: 'LinkedIn' },
          { value: 'x', label: 'X' },
          { value: 'mastodon', label: 'Mastodon' },
        ],
      },
      { id: 'review-channel', label: 'Canal de relecture', kind: 'channel', required: false, initial: 'C-review' },
    ],
  };

  it('renders a labelled control per field with its initial value', () => {
    const html = renderFormHtml(form, { channels });
    expect(html).toContain('<form class="rl-form" data-testid="form" data-form-id="test:form">');
    expect(html).toContain('<h2 class="rl-form-title">Réglages &lt;b&gt;</h2>');
    expect(html).toMatch(
      /<label for="rl-test-form-name">Name <span class="rl-required"[^>]*>\*<\/span><\/label><input type="text" id="rl-test-form-name" name="name" value="Ada &quot;&lt;x&gt;&quot;" maxlength="40" placeholder="Your name" required/,
    );
    expect(html).toContain('<small class="rl-hint" id="rl-test-form-name-hint">shown &lt;to&gt; all</small>');
    expect(html).toContain(
      '<textarea id="rl-test-form-note" name="note" rows="4">&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>',
    );
    expect(html).toMatch(
      /<label for="rl-test-form-approvals">Validations requises[\s\S]*?<input type="number"[^>]*name="approvals" value="2" required/,
    );
    expect(html).toContain(
      '<select id="rl-test-form-language" name="language" required><option value="en">English</option><option value="fr" selected>Français</option></select>',
    );
    expect(html).toContain('<button type="button" class="rl-button" data-form-cancel>Annuler</button>');
    expect(html).toContain('<button type="submit" class="rl-button rl-primary">Enregistrer</button>');
    // The form's state never reaches the page.
    expect(html).not.toContain('opaque');
  });

  it('renders choices as checkboxes and channels as a select of the playground channels', () => {
    const html = renderFormHtml(more, { channels });
    expect(html).toContain(
      '<fieldset class="rl-form-field" data-field="networks" data-kind="choices"><legend>Réseaux</legend>',
    );
    expect(html).toMatch(/<input type="checkbox" name="networks" value="linkedin" id="[^"]+">/);
    expect(html).toContain('<input type="checkbox" name="networks" value="x" checked>');
    expect(html).toContain('<input type="checkbox" name="networks" value="mastodon" checked>');
    expect(html).toContain(
      '<select id="rl-test-form-review-channel" name="review-channel"><option value="">—</option><option value="C-general">#general</option><option value="C-review" selected>#review</option></select>',
    );
  });

  it('leaves one error slot per field for the page to fill', () => {
    const html = renderFormHtml(more, { channels });
    expect(html).toContain('<p class="rl-error" data-error-for="networks" hidden></p>');
    expect(html).toContain('<p class="rl-error" data-error-for="review-channel" hidden></p>');
  });
});
