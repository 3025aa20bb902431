import { describe, expect, it } from 'vitest';
import { readSlackMention } from '../../../adapters/slack/slack-tools.ts';
import { UNREADABLE } from '../../../commands/define-command.ts';
import { parseCommandText, tokenize } from '../../../commands/parse-text.ts';
import { relaisCommand } from '../../../commands/relais.ts';

const parse = (text: string) => parseCommandText(relaisCommand, text, readSlackMention);

describe('Slack text → options, from the same declarations Discord registers', () => {
  it('picks the subcommand, or the default one for empty text', () => {
    expect(parse('')).toEqual({ subcommand: 'help', options: {} });
    expect(parse('HELP')).toEqual({ subcommand: 'help', options: {} });
    expect(parse('config')).toEqual({ subcommand: 'config', options: {} });
  });

  it('reads name/value pairs, mentions as ids, and multi-word values', () => {
    expect(parse('config approvals 2 review-channel <#C0REVIEW|review>')).toEqual({
      subcommand: 'config',
      options: { approvals: '2', 'review-channel': 'C0REVIEW' },
    });
    expect(parse('config reviewers <@U1|ann> <@U2> reviewer-group <!subteam^S9|@comms>').options).toEqual({
      reviewers: ['U1', 'U2'],
      'reviewer-group': 'S9',
    });
    expect(parse('config forbidden-terms Titan, "Projet X"').options).toEqual({ 'forbidden-terms': 'Titan, Projet X' });
    expect(parse('config reviewers none').options).toEqual({ reviewers: [] });
  });

  it('marks what it cannot read instead of guessing', () => {
    expect(parse('config review-channel general').options['review-channel']).toBe(UNREADABLE);
    expect(parse('config reviewers <@U1> bob').options.reviewers).toBe(UNREADABLE);
  });

  it('refuses unknown settings, missing values and stray words', () => {
    expect(() => parse('config colour blue')).toThrow(expect.objectContaining({ key: 'error.unknown-option' }));
    expect(() => parse('config approvals')).toThrow(expect.objectContaining({ key: 'error.missing-value' }));
    expect(parse('help draft')).toEqual({ subcommand: 'help', options: { command: 'draft' } });
    expect(() => parse('frobnicate')).toThrow(expect.objectContaining({ key: 'error.unknown-subcommand' }));
  });

  it('keeps quoted words together', () => {
    expect(tokenize('a "b c" “d e”').map((t) => t.text)).toEqual(['a', 'b c', 'd e']);
  });
});
