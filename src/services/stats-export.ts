import type { WorkspaceSettings } from '../domain/settings.ts';
import { EXPORT_COLUMNS, type ExportColumn, exportCsv } from '../domain/stats-csv.ts';
import { monthPeriod, type Period, periodAt } from '../domain/stats-period.ts';
import type { Workspace } from '../domain/workspace.ts';
import type { Locale, MessageKey, Translate } from '../i18n/catalog.ts';
import { context, header, message, section } from '../message/build.ts';
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
 * The export as a private message: how many rows, with the CSV as a file only its reader gets
 * (Slack: in their direct messages with Relais; Discord: attached to the private answer; the
 * playground: a download link). The file starts with a byte order mark so spreadsheets read it
 * as UTF-8.
 */
export function exportMessage(result: StatsExport, opts: { t: Translate; locale: Locale }): Message {
  const { t } = opts;
  const period = periodLabel(result.period, t, opts.locale);
  const title = t('stats.export.title', { period });
  if (result.rows === 0) return message([header(title), section(t('stats.export.empty', { period }))], only);
  const rows = t('stats.export.rows', { count: result.rows, period, filename: result.filename });
  return {
    ...message([header(title), section(rows), context(t('stats.export.file', { filename: result.filename }))], {
      ...only,
      text: title,
    }),
    attachment: {
      kind: 'file',
      base64: Buffer.from(`\ufeff${result.csv}`, 'utf8').toString('base64'),
      filename: result.filename,
      contentType: 'text/csv',
      alt: rows,
    },
  };
}

const only = { visibility: 'only-you' } as const;
