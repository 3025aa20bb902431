import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartRenderer, WeeklyChart } from '../../src/ports.ts';

/**
 * The weekly report's chart on the server, without a browser: Apache ECharts' server-side SVG
 * renderer draws the chart as SVG text, resvg (a Rust renderer shipped prebuilt inside its npm
 * package) turns it into a PNG. Text is drawn with the DejaVu Sans file shipped beside this one,
 * never the machine's fonts, so the same chart gives the same bytes on every machine.
 */

const WIDTH = 800;
const HEIGHT = 400;
const FONT = 'DejaVu Sans';
const fontFile = fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url));
use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

// Bars in the order the core gives them (approved, rejected, withdrawn, published), then the line.
const COLOURS = ['#1565c0', '#c62828', '#9e9e9e', '#2e7d32', '#ef6c00'];

function chartSvg(chart: WeeklyChart): string {
  const ec = init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    ec.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: COLOURS,
      textStyle: { fontFamily: FONT },
      title: { text: chart.title, left: 16, top: 10, textStyle: { fontSize: 16, fontFamily: FONT } },
      legend: { top: 40, left: 16, textStyle: { fontFamily: FONT } },
      grid: { left: 48, right: 56, top: 80, bottom: 36 },
      xAxis: { type: 'category', data: chart.weeks },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
      ],
      series: [
        ...chart.bars.map((b) => ({ type: 'bar' as const, name: b.name, data: b.values })),
        {
          type: 'line' as const,
          name: chart.line.name,
          yAxisIndex: 1,
          connectNulls: false,
          data: chart.line.values,
        },
      ],
    });
    return ec.renderToSVGString();
  } finally {
    ec.dispose();
  }
}

/** The renderer is synchronous and pure: same chart, same bytes. */
export function createChartRenderer(): ChartRenderer {
  return (chart) => {
    const resvg = new Resvg(chartSvg(chart), {
      fitTo: { mode: 'original' },
      font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    });
    return resvg.render().asPng();
  };
}
