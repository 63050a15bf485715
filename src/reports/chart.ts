import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { eachDay, shortDay } from '../domain/time.js';
import type { Period } from '../domain/period.js';

/** What the chart draws: the period's daily rates and its overall figures. */
export interface ChartInput {
  period: Period;
  through: string;
  daily: { day: string; rate: number | null }[];
  checkin: { rate: number | null; checked: number; expected: number };
}

echarts.use([LineChart, GridComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 480;
const require = createRequire(import.meta.url);

/**
 * The font every chart is drawn with: Noto Sans SC (SIL OFL) from an npm package, so Chinese
 * labels render on any server, and system fonts are not read at all, so a chart is the same
 * picture wherever it is drawn (servers seldom have CJK fonts; missing glyphs render as boxes).
 */
export const chartFont = {
  family: 'Noto Sans SC',
  file: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
};

/** Renders an SVG to PNG with the chart font only. */
export function svgToPng(svg: string, width: number): Buffer {
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: [chartFont.file], defaultFontFamily: chartFont.family },
  })
    .render()
    .asPng();
  return Buffer.from(png);
}

/**
 * The period's daily check-in rate as a PNG (960×480): a line per day of the period (days after
 * `through` are left empty) and the period's overall rate as a dashed line, labelled in Chinese
 * with the bundled font (see `chartFont`).
 */
export function renderMonthlyChart(report: ChartInput): Buffer {
  const byDay = new Map(report.daily.map((d) => [d.day, d.rate]));
  const days = eachDay(report.period.start, report.period.end);
  const values = days.map((d) => {
    const rate = byDay.get(d);
    return rate === undefined || rate === null ? null : Math.round(rate * 1000) / 10;
  });
  const overall = report.checkin.rate;
  const percent = overall === null ? '—' : `${(overall * 100).toFixed(1)}%`;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: chartFont.family },
      title: {
        text: `${report.period.label}每日打卡率`,
        subtext: `统计 ${shortDay(report.period.start)} 至 ${shortDay(report.through)}　全支部打卡率 ${percent}　已打卡 ${report.checkin.checked}/${report.checkin.expected} 人次`,
        left: 'center',
      },
      grid: { left: 60, right: 90, top: 80, bottom: 50 },
      xAxis: {
        type: 'category',
        data: days.map((d) => d.slice(5)),
        axisLabel: { interval: days.length > 16 ? 1 : 0 },
      },
      yAxis: {
        type: 'value',
        name: '打卡率',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
      },
      series: [
        {
          type: 'line',
          data: values,
          connectNulls: false,
          symbolSize: 6,
          lineStyle: { width: 3, color: '#c0392b' },
          itemStyle: { color: '#c0392b' },
          areaStyle: { color: 'rgba(192,57,43,0.12)' },
          markLine:
            overall === null
              ? undefined
              : {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { type: 'dashed', color: '#555' },
                  label: { formatter: '全支部\n{c}%' },
                  data: [{ yAxis: Math.round(overall * 1000) / 10 }],
                },
        },
      ],
    });
    return svgToPng(chart.renderToSVGString(), CHART_WIDTH);
  } finally {
    chart.dispose();
  }
}
