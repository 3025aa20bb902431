import type { WorkspaceSettings } from '../domain/settings.ts';
import { EXPORT_COLUMNS, type ExportColumn, exportCsv } from '../domain/stats-csv.ts';
import { monthPeriod, type Period, periodAt } from '../domain/stats-period.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { Locale, MessageKey, Translate } from '../i18n/catalog.ts';
import { code, header, message, section } from '../message/build.ts';
import type { Message } from '../message/model.ts';
import type { Deps } from './deps.ts';
import { periodLabel } from './stats-format.ts';

export interface StatsExport {
  period: Period;
  rows: number;
  /** RFC 4180 text, header first, times in the workspace's timezone. */
  csv: string;
  /** A file name for when the CSV is sent as a file: `relais-2026-03.csv`. */
  filename: string;
}

/**
 * `/stats export [month]`: one row per draft submitted or published in the month (default: the
 * current one), in the reader's language.
 */
export async function statsExport(
  deps: Deps,
  workspace: Workspace,
  settings: WorkspaceSettings,
  opts: { month: { year: number; month: number } | null; t: Translate },
): Promise<StatsExport> {
  const period = opts.month
    ? monthPeriod(opts.month.year, opts.month.month, settings.timezone)
    : periodAt('month', deps.clock.now(), settings.timezone);
  const rows = await deps.store.stats.exportRows(workspace.id, period.start, period.end);
  const header = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, opts.t(`stats.csv.${c}` as MessageKey)])) as Record<
    ExportColumn,
    string
  >;
  const csv = exportCsv(rows, {
    timezone: settings.timezone,
    header,
    state: (s) => opts.t(`draft.state.${s}`),
  });
  const month = `${period.year}-${String(period.index).padStart(2, '0')}`;
  return { period, rows: rows.length, csv, filename: `relais-${month}.csv` };
}

/**
 * The largest CSV shown inside a message: one block of text holds 3,000 characters on Slack and
 * 4,096 in a Discord embed, and the code span's markers take a few.
 */
const CSV_IN_MESSAGE_MAX = 2_900;

/**
 * The export as a private message: how many rows, and the CSV itself in a code span when it fits.
 * TODO(file delivery): send `csv` as a private file (`filename`) once the messengers can upload.
 */
export function exportMessage(result: StatsExport, opts: { t: Translate; locale: Locale }): Message {
  const { t } = opts;
  const period = periodLabel(result.period, t, opts.locale);
  const title = t('stats.export.title', { period });
  if (result.rows === 0) return message([header(title), section(t('stats.export.empty', { period }))], only);
  const fits = result.csv.length <= CSV_IN_MESSAGE_MAX;
  return message(
    [
      header(title),
      section(t('stats.export.rows', { count: result.rows, period, filename: result.filename })),
      fits ? section([code(result.csv)]) : section(t('stats.export.too-long', { chars: result.csv.length })),
    ],
    { ...only, text: title },
  );
}

const only = { visibility: 'only-you' } as const;
