import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, unescapeSlackText } from '../../adapters/slack/mrkdwn-escape.ts';
import { readSlackMention } from '../../adapters/slack/slack-tools.ts';
import { UNREADABLE } from '../../commands/define-command.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import { relaisCommand } from '../../commands/relais.ts';

describe('Slack mrkdwn escaping', () => {
  it('escapes exactly &, < and >, and nothing else', () => {
    expect(escapeMrkdwn('<!channel> R&D > "x" \'y\' *b* _i_ é')).toBe(
      '&lt;!channel&gt; R&amp;D &gt; "x" \'y\' *b* _i_ é',
    );
  });

  it('cuts the escaped text to the limit without splitting an entity or a grapheme', () => {
    expect(escapeMrkdwn('ab&cd', 6)).toBe('ab…');
    expect(escapeMrkdwn('ab&cd', 8)).toBe('ab&amp;…');
    expect(escapeMrkdwn('a👍🏽b', 4)).toBe('a…');
    const long = escapeMrkdwn('<'.repeat(5000), 4000);
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(long).toMatch(/^(&lt;)+…$/);
  });

  it('reads what Slack escaped back as typed, exactly once', () => {
    expect(unescapeSlackText('R&amp;D &lt;b&gt; &amp;lt; &quot; &#60;')).toBe('R&D <b> &lt; &quot; &#60;');
    expect(unescapeSlackText(escapeMrkdwn('<@U1> & &amp;'))).toBe('<@U1> & &amp;');
  });
});

describe('Slack command text → options', () => {
  const parse = (text: string) => parseCommandText(relaisCommand, text, readSlackMention, unescapeSlackText);

  it('reads mentions and links first, then the typed text: an escaped mention stays words', () => {
    expect(parse('config reviewers <@U1|ann>').options).toEqual({ reviewers: ['U1'] });
    expect(parse('config reviewers &lt;@U1&gt;').options.reviewers).toBe(UNREADABLE);
    expect(parse('config forbidden-terms R&amp;D, &lt;b&gt;').options).toEqual({ 'forbidden-terms': 'R&D, <b>' });
    expect(() => parse('config &lt;x&gt; 1')).toThrow(
      expect.objectContaining({ params: expect.objectContaining({ given: '<x>' }) }),
    );
  });
});
