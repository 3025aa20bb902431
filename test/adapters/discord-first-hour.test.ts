import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiscord } from '../../src/main.ts';
import { obj } from '../fakes/discord/json.ts';
import { customIds, isPrivate, messageOf, modal, reply, responseType, shown } from '../fakes/discord-calls.ts';
import { reviewDesk } from '../support/discord-desk.ts';
import { type DiscordHarness, startDiscordHarness } from '../support/discord-harness.ts';

/** A team's first hour on Discord: nothing typed is lost, typos are not drafts. */

const desk = reviewDesk('87');
const { GUILD, GENERAL, REVIEW, admin, author, reviewer } = desk;
const amy = desk.person(503, 'amy');
let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({
    guild: {
      id: GUILD,
      name: 'Acme',
      channels: [
        { id: GENERAL, name: 'general' },
        { id: REVIEW, name: 'review' },
      ],
    },
  });
  const setup = await h.command(
    'relais',
    'config',
    [
      { type: 3, name: 'admins', value: `<@${admin.user.id}>` },
      { type: 3, name: 'language', value: 'en' },
    ],
    admin,
  );
  expect(shown(setup)).toContain('Saved');
});

afterAll(async () => h?.close());

const cardPosts = () => h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);

describe('a draft written before any review channel', () => {
  it('is kept, and the author is told it waits and who can set the channel', async () => {
    const call = await h.command('draft', 'new', [{ type: 3, name: 'text', value: 'Spring is here #acme' }], author);
    expect(isPrivate(call)).toBe(true);
    expect(shown(call)).toContain('D-1 is kept');
    expect(shown(call)).toContain('/relais config review-channel:#review');
    expect(shown(call)).toContain(`<@${admin.user.id}>`);
    await h.relais.flushOutbox();
    expect(cardPosts()).toHaveLength(0);
  });

  it('gets its card in the review channel as soon as an admin sets one', async () => {
    const set = await h.command('relais', 'config', [{ type: 7, name: 'review-channel', value: REVIEW }], admin);
    expect(shown(set)).toContain('Saved');
    await h.relais.flushOutbox();
    const card = await h.fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages`);
    expect(shown(card)).toContain('Spring is here');
  });
});

describe('help shows what is registered', () => {
  /** Every `/command …` written in code in an answer. */
  const usages = (text: string) => [...text.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]!);

  function registered(usage: string): boolean {
    const [name, sub, ...args] = usage.slice(1).split(' ');
    const all = [...h.fake.commands, ...Object.values(h.fake.guildCommands).flat()];
    const command = all.find((c) => c.name === name);
    const subcommand = command?.options?.find((o) => o.name === sub && o.type === 1);
    if (!subcommand) return false;
    const options = 'options' in subcommand ? (subcommand.options ?? []) : [];
    return args.every((a) => options.some((o) => o.name === a.split(':')[0]));
  }

  it('every usage in /relais help and in each command’s help is a registered subcommand', async () => {
    await registerDiscord(h.config);
    const overview = await h.command('relais', 'help', [], author);
    const shownUsages = usages(shown(overview));
    expect(shownUsages).toContain('/relais help command:draft');
    for (const name of ['draft', 'veille', 'ambassador', 'relais', 'stats']) {
      const detail = await h.command('relais', 'help', [{ type: 3, name: 'command', value: name }], author);
      expect(shown(detail)).toContain(`/${name}`);
      shownUsages.push(...usages(shown(detail)));
    }
    expect(shownUsages).toContain('/draft new');
    expect(shownUsages).toContain('/draft queue');
    expect(shownUsages.filter((u) => !registered(u))).toEqual([]);
    // `/relais help command:` offers every registered command.
    const help = h.fake.commands.find((c) => c.name === 'relais')?.options?.find((o) => o.name === 'help');
    const topic = help && 'options' in help ? help.options?.find((o) => o.name === 'command') : undefined;
    const choices = topic && 'choices' in topic ? (topic.choices ?? []).map((c) => c.value) : [];
    expect(choices.sort()).toEqual(h.fake.commands.map((c) => c.name).sort());
  });
});

describe('errors name the right thing', () => {
  it('says it does not know @zoe, and stories per digest with the range', async () => {
    const invite = await h.command('ambassador', 'invite', [{ type: 3, name: 'person', value: '@zoe' }], admin);
    expect(isPrivate(invite)).toBe(true);
    expect(shown(invite)).toContain('I do not know @zoe');
    const size = await h.command('veille', 'size', [{ type: 4, name: 'stories', value: 50 }], admin, {
      channelId: GENERAL,
    });
    expect(shown(size)).toContain('from 1 to 30 stories');
    expect(shown(size)).not.toContain('items');
  });
});

describe('messages that stay true, and notes that lead on', () => {
  const dmTo = async (who: { user: { id: string } }, text: string) => {
    const opened = h.fake.calls.filter(
      (c) => c.method === 'POST' && c.path === '/users/@me/channels' && obj(c.body).recipient_id === who.user.id,
    );
    const channels = opened.map((c) => String(obj(c.response).id));
    return h.fake.waitForCall(
      (c) =>
        c.method === 'POST' &&
        channels.some((id) => c.path === `/channels/${id}/messages`) &&
        JSON.stringify(c.body).includes(text),
    );
  };

  async function submitDraft(text: string) {
    const call = await h.command('draft', 'new', [{ type: 3, name: 'text', value: text }], author);
    expect(shown(call)).toContain('is submitted');
    await h.relais.flushOutbox();
    const post = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${REVIEW}/messages` && JSON.stringify(c.body).includes(text),
    );
    return messageOf(post);
  }

  it('tells the author who asked for changes, links to the card, and offers Edit, which opens from the DM', async () => {
    const setup = await h.command(
      'relais',
      'config',
      [{ type: 3, name: 'reviewers', value: `<@${reviewer.user.id}>` }],
      admin,
    );
    expect(shown(setup)).toContain('Saved');
    const card = await submitDraft('Discord launch day #acme');
    const [, changes] = customIds(card);
    const asked = await h.submit(
      changes!.replace('draft:changes', 'draft:changes'),
      { reason: 'Add the date' },
      reviewer,
      REVIEW,
    );
    expect(shown(asked)).toContain('You asked for changes');
    await h.relais.flushOutbox();
    const note = await dmTo(author, 'Changes were asked');
    const body = shown(note);
    expect(body).toContain(`<@${reviewer.user.id}>`);
    expect(body).toContain(`https://discord.com/channels/${GUILD}/${REVIEW}/${card.id}`);
    const dm = messageOf(note);
    const edit = customIds(dm).find((id) => id.startsWith('draft:edit|'))!;
    expect(edit).toBeTruthy();
    const opened = await h.click(edit, dm, author, dm.channel_id, { guild: false });
    expect(modal(opened).custom_id).toMatch(/^draft:edit\|/);
  });

  it('says approved in the card’s title, and replaces the prompt with what was recorded after I shared it', async () => {
    const joined = await h.command('ambassador', 'join', [{ type: 3, name: 'networks', value: 'linkedin' }], amy);
    expect(shown(joined)).toContain('You are an ambassador');
    await h.command('ambassador', 'hours', [{ type: 3, name: 'hours', value: '00:00-24:00 mon-sun UTC' }], amy);
    const card = await submitDraft('Second launch #acme');
    const [approve] = customIds(card);
    expect(shown(await h.click(approve!, card, reviewer, REVIEW))).toContain('You approved');
    await h.relais.flushOutbox();
    const patched = await h.fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path === `/channels/${REVIEW}/messages/${card.id}`,
    );
    const title = String(obj(((obj(patched.body).embeds ?? []) as object[])[0]).title ?? '');
    expect(title).toContain('approved');
    expect(title).not.toContain('draft');
    const approvedNote = messageOf(await dmTo(author, 'is approved'));
    expect(customIds(approvedNote).map((id) => id.split('|')[0])).toEqual(['draft:publish']);
    const draftId = approve!.split('|')[1]!.split(':')[0];
    await h.submit(`draft:publish|${draftId}:1`, { urls: 'https://www.linkedin.com/feed/update/7' }, author, REVIEW);
    await h.relais.flushOutbox();
    const prompt = messageOf(await dmTo(amy, 'A post is live'));
    const shared = customIds(prompt)[0]!;
    const answered = await h.click(shared, prompt, amy, prompt.channel_id, { guild: false });
    expect(responseType(answered)).toBe(7);
    expect(customIds(reply(answered))).toEqual([]);
    expect(shown(answered)).toContain('Recorded: you shared');
  });

  it('still replaces the prompt when its answer comes after the answer window', async () => {
    const card = await submitDraft('Third launch #acme');
    const [approve] = customIds(card);
    await h.click(approve!, card, reviewer, REVIEW);
    const draftId = approve!.split('|')[1]!.split(':')[0];
    await h.submit(`draft:publish|${draftId}:1`, { urls: 'https://www.linkedin.com/feed/update/8' }, author, REVIEW);
    await h.relais.flushOutbox();
    const prompt = messageOf(await dmTo(amy, 'feed/update/8'));
    // The database answers slowly: past the window in which Relais answers at once.
    const store = h.relais.deps.store;
    const transaction = store.transaction;
    const original = transaction.bind(store);
    store.transaction = async (fn) => {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return original(fn);
    };
    let answered: Awaited<ReturnType<typeof h.click>>;
    try {
      answered = await h.click(customIds(prompt)[0]!, prompt, amy, prompt.channel_id, { guild: false });
    } finally {
      store.transaction = transaction;
    }
    expect(responseType(answered)).toBe(6);
    const edited = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original'));
    expect(JSON.stringify(edited.body)).toContain('Recorded: you shared');
    expect(customIds(obj(edited.body))).toEqual([]);
  });

  it('shows the new value on the settings card after a change from its form', async () => {
    const card = await h.command('relais', 'config', [], admin);
    expect(shown(card)).toContain('Europe/Paris');
    const shownCard = { id: '870000000000009999', channel_id: GENERAL, ...reply(card) };
    const saved = await h.submit(
      'config:workspace|',
      {
        language: 'en',
        timezone: 'America/Montreal',
        'mastodon-limit': '500',
        'prompts-per-week': '3',
        'prompt-max-age': '3',
      },
      admin,
      GENERAL,
      shownCard,
    );
    expect(responseType(saved)).toBe(7);
    expect(shown(saved)).toContain('America/Montreal');
    expect(shown(saved)).not.toContain('Europe/Paris');
  });
});
