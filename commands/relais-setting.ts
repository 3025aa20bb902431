import type { WorkspaceSettings } from '../src/domain/settings.ts';
import type { MessageKey } from '../src/i18n/catalog.ts';
import type { FormField } from '../src/message/model.ts';
import { CONFIG_SECTIONS } from '../src/services/buttons.ts';
import type { OptionSpec } from './define-command.ts';

/** What a workspace setting is to /relais config: its section, where it lives, its option and field. */

const SECTIONS = ['review', 'workspace', 'charter', 'charter-levels', 'people', 'report'] as const;
export type Section = (typeof SECTIONS)[number];
/** The sections with a form (people and groups are set with text: a Discord modal cannot pick users). */
export const FORM_SECTIONS = CONFIG_SECTIONS satisfies readonly Section[];

// biome-ignore lint/suspicious/noExplicitAny: the list of settings mixes value types; each def is typed where declared
export interface SettingDef<V = any> {
  key: string;
  section: Section;
  /** Where the value lives: a settings field, `charter.<field>`, or `admins` (kept with members). */
  path: string;
  option: OptionSpec<V>;
  /** Form field kind; none for settings set only with text. */
  field?: FormField['kind'];
  /** The value as the text a form field is prefilled with. */
  asText?(value: V): string | string[];
}

export function readSetting(setting: SettingDef, s: WorkspaceSettings, admins: string[]): unknown {
  if (setting.path === 'admins') return admins;
  const [top, sub] = setting.path.split('.') as [keyof WorkspaceSettings, string | undefined];
  return sub ? (s[top] as Record<string, unknown>)[sub] : s[top];
}

export function writeSetting(setting: SettingDef, s: WorkspaceSettings, value: unknown): WorkspaceSettings {
  if (setting.path === 'admins') return s;
  const [top, sub] = setting.path.split('.') as [keyof WorkspaceSettings, string | undefined];
  return sub ? { ...s, [top]: { ...(s[top] as object), [sub]: value } } : { ...s, [top]: value };
}

export const labelKey = (key: string) => `setting.${key}` as MessageKey;
