import { NETWORK_LABELS } from '../src/domain/networks.ts';
import type { WorkspaceSettings } from '../src/domain/settings.ts';
import type { Translate } from '../src/i18n/catalog.ts';
import type { Inline, Span } from '../src/message/model.ts';
import { readSetting, type SettingDef } from './relais-setting.ts';

/** How the settings card shows a value. */
export function displaySetting(
  setting: SettingDef,
  settings: WorkspaceSettings,
  admins: string[],
  t: Translate,
): Inline {
  const value = readSetting(setting, settings, admins);
  const none = t('config.not-set');
  switch (setting.key) {
    case 'review-channel':
      return value ? [{ channel: value as string }] : none;
    case 'reviewers':
    case 'admins':
      return joinSpans(
        (value as string[]).map((id): Span => ({ user: id })),
        t('config.none'),
      );
    case 'reviewer-group':
      return value ? [{ group: value as string }] : none;
    case 'report-channel':
      return value ? [{ channel: value as string }] : none;
    case 'report-day':
      return t(`weekday.${value as 1 | 2 | 3 | 4 | 5 | 6 | 7}`);
    case 'retro-delay':
      return value === 0 ? t('config.retro-off') : t('config.retro-hours', { hours: value as number });
    case 'networks':
      return (value as (keyof typeof NETWORK_LABELS)[]).map((n) => NETWORK_LABELS[n]).join(', ');
    case 'language':
      return t(`language.${value as 'en' | 'fr'}`);
    case 'forbidden-terms-level':
    case 'required-level':
    case 'max-hashtags-level':
      return t(`level.${value as 'blocker' | 'warning'}`);
    default:
      if (Array.isArray(value)) return value.length ? value.join(', ') : t('config.none');
      return value === null || value === undefined ? t('config.none') : String(value);
  }
}

function joinSpans(spans: Span[], empty: string): Inline {
  if (spans.length === 0) return empty;
  return spans.flatMap((s, i) => (i === 0 ? [s] : [{ text: ', ' }, s]));
}
