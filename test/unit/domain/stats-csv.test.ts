import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, type ExportRow, exportCsv, isoInZone } from '../../../src/domain/stats-csv.ts';

const header = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, c])) as Record<(typeof EXPORT_COLUMNS)[number], string>;
const row = (over: Partial<ExportRow>): ExportRow => ({
  number: 1,
  authorId: 'U1',
  campaign: null,
  networks: ['linkedin'],
  state: 'published',
  submittedAt: new Date('2026-03-28T10:00:00Z'),
  approvedAt: null,
  publishedAt: null,
  urls: [],
  approvals: 0,
  rounds: 0,
  shares: 0,
  ...over,
});
const csv = (rows: ExportRow[]) => exportCsv(rows, { timezone: 'Europe/Paris', header, state: (s) => s });

describe('the CSV export', () => {
  it('is RFC 4180: CRLF lines, quoted commas, quotes and line breaks, doubled quotes', () => {
    const text = csv([
      row({ networks: ['linkedin', 'x'], campaign: 'say "hi"', urls: ['https://a.example/1', 'https://b.example/2'] }),
    ]);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(lines[1]).toBe(
      'D-1,U1,"say ""hi""","linkedin, x",published,2026-03-28T11:00:00+01:00,,,https://a.example/1 https://b.example/2,0,0,0',
    );
    expect(lines[2]).toBe('');
    expect(csv([row({ campaign: 'two\nlines' })])).toContain('"two\nlines"');
  });

  it('never lets a spreadsheet run a cell as a formula', () => {
    const text = csv([
      row({ authorId: '=HYPERLINK("http://evil.example")', campaign: '+cmd', urls: ['-2+3', '@SUM(A1)'] }),
      row({ authorId: '\tTAB', campaign: '\rCR' }),
    ]);
    const [, first, second] = text.split('\r\n');
    expect(first).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(first).toContain(",'+cmd,");
    expect(first).toContain(",'-2+3 @SUM(A1),");
    expect(second).toContain(",'\tTAB,");
    expect(text).toContain(`"'\rCR"`);
  });

  it('writes times in the workspace timezone with their offset, across a daylight-saving change', () => {
    expect(isoInZone(new Date('2026-03-29T00:59:59Z'), 'Europe/Paris')).toBe('2026-03-29T01:59:59+01:00');
    expect(isoInZone(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toBe('2026-03-29T03:00:00+02:00');
    expect(isoInZone(new Date('2026-10-25T00:30:00Z'), 'Europe/Paris')).toBe('2026-10-25T02:30:00+02:00');
    expect(isoInZone(new Date('2026-10-25T01:30:00Z'), 'Europe/Paris')).toBe('2026-10-25T02:30:00+01:00');
    expect(isoInZone(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08T03:00:00-04:00');
    expect(isoInZone(new Date('2026-01-15T12:00:00.999Z'), 'Asia/Kathmandu')).toBe('2026-01-15T17:45:00+05:45');
    expect(isoInZone(new Date('2026-01-15T12:00:00Z'), 'UTC')).toBe('2026-01-15T12:00:00+00:00');
  });
});
