import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../../adapters/chart/weekly-chart.ts';
import type { WeeklyChart } from '../../../../src/ports.ts';

const render = createChartRenderer();

const chart = (scale: number): WeeklyChart => ({
  title: 'Drafts per week — last 12 weeks',
  weeks: Array.from({ length: 12 }, (_, i) => `W${i + 3}`),
  bars: [
    { name: 'Approved', values: Array.from({ length: 12 }, (_, i) => ((i * scale) % 9) + 1) },
    { name: 'Rejected', values: Array.from({ length: 12 }, (_, i) => (i + scale) % 3) },
  ],
  line: { name: 'Share rate', values: Array.from({ length: 12 }, (_, i) => (i === 0 ? null : (i * 7 * scale) % 100)) },
});

/** Standard deviation of the pixels' grey levels: a blank image is 0. */
function greyDeviation(png: PNG): number {
  const greys: number[] = [];
  for (let i = 0; i < png.data.length; i += 4) greys.push((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3);
  const mean = greys.reduce((a, b) => a + b, 0) / greys.length;
  return Math.sqrt(greys.reduce((a, g) => a + (g - mean) ** 2, 0) / greys.length);
}

describe('weekly report chart', () => {
  it('renders an 800×400 PNG that is not blank, the same bytes for the same data', () => {
    const bytes = render(chart(1));
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([800, 400]);
    expect(greyDeviation(png)).toBeGreaterThan(10);
    expect(Buffer.from(render(chart(1))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('draws different data as a different picture', () => {
    const a = PNG.sync.read(Buffer.from(render(chart(1))));
    const b = PNG.sync.read(Buffer.from(render(chart(2))));
    let differing = 0;
    for (let i = 0; i < a.data.length; i += 4)
      if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1]) differing++;
    expect(differing).toBeGreaterThan(1000);
  });
});
