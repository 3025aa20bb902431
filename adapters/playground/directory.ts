import type { WorkspaceRef } from '../../src/domain/workspace.ts';
import type { Actor } from '../../src/services/actor.ts';

/**
 * Who and what exists in the playground: fixed people (one person can play author, reviewer and
 * admin by switching), channels and a group. Person keys are the user ids Relais sees.
 */

export const PLAYGROUND_WORKSPACE: WorkspaceRef = {
  platform: 'playground',
  externalId: 'playground',
  name: 'Playground',
};

export interface Person {
  id: string;
  name: string;
  /** What the person plays, shown beside the name in the switch. */
  role: string;
  locale: 'fr' | 'en';
  /** Where the person lives (IANA name), said beside the name like their language. */
  timezone: string;
  platformAdmin: boolean;
}

export const PEOPLE = [
  {
    id: 'alice',
    name: 'Alice Martin',
    role: 'workspace admin',
    locale: 'fr',
    timezone: 'Europe/Paris',
    platformAdmin: true,
  },
  { id: 'bob', name: 'Bob Lee', role: 'reviewer', locale: 'en', timezone: 'America/New_York', platformAdmin: false },
  { id: 'chloe', name: 'Chloé Durand', role: 'author', locale: 'fr', timezone: 'Europe/Paris', platformAdmin: false },
  { id: 'dan', name: 'Dan Smith', role: 'no rights', locale: 'fr', timezone: 'Europe/Paris', platformAdmin: false },
] as const satisfies readonly Person[];

export type PersonId = (typeof PEOPLE)[number]['id'];
export const PERSON_IDS = PEOPLE.map((p) => p.id) as [PersonId, ...PersonId[]];

export function personById(id: string): Person | undefined {
  return PEOPLE.find((p) => p.id === id);
}

const LANGUAGES: Record<Person['locale'], string> = { fr: 'French', en: 'English' };

/** "speaks French · Europe/Paris": who reads what, said in the people list and the switch. */
export function speaks(person: Person): string {
  return `speaks ${LANGUAGES[person.locale]} · ${person.timezone}`;
}

export function actorOf(person: Person): Actor {
  return { userId: person.id, displayName: person.name, locale: person.locale, platformAdmin: person.platformAdmin };
}

export interface Channel {
  id: string;
  name: string;
  topic: string;
  /** A direct-message channel between Relais and one person; everyone else cannot see it. */
  dmOf?: string;
}

export const CHANNELS: readonly Channel[] = [
  { id: 'C-general', name: 'general', topic: 'Everyone. Try /relais help here.' },
  { id: 'C-review', name: 'review', topic: 'The review channel: drafts to review land here, with their buttons.' },
  { id: 'C-veille', name: 'veille', topic: 'Media monitoring: the morning digest lands here.' },
];

/** Each person's direct messages with Relais. */
const DM_CHANNELS: readonly Channel[] = PEOPLE.map((p) => ({
  id: `D-${p.id}`,
  name: 'Relais',
  topic: `Direct messages between Relais and ${p.name}.`,
  dmOf: p.id,
}));

export function dmChannelOf(userId: string): string {
  return `D-${userId}`;
}

export const GROUPS: readonly { id: string; name: string; members: readonly string[] }[] = [
  { id: 'reviewers', name: 'reviewers', members: ['bob'] },
];

/** The bot's author id on messages. */
export const RELAIS_AUTHOR = 'relais';

/** `#review`, `review` or `C-review` → the public channel, or undefined. */
export function findChannel(ref: string): Channel | undefined {
  const text = ref.trim().replace(/^#/, '').toLowerCase();
  return CHANNELS.find((c) => c.id.toLowerCase() === text || c.name === text);
}

export function channelsVisibleTo(userId: string): Channel[] {
  return [...CHANNELS, ...DM_CHANNELS.filter((c) => c.dmOf === userId)];
}

export function canSeeChannel(userId: string, channelId: string): boolean {
  return channelsVisibleTo(userId).some((c) => c.id === channelId);
}
