import { Resvg } from '@resvg/resvg-js';
import { LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { eachDay } from '../domain/time.js';
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

/**
 * The period's daily check-in rate as a PNG (960×480): a line per day of the period (days after
 * `through` are left empty) and the period's overall rate as a dashed line. Labels are ASCII
 * (dates, %) because servers seldom have CJK fonts and missing glyphs render as boxes.
 */
export function renderMonthlyChart(report: ChartInput): Buffer {
  const byDay = new Map(report.daily.map((d) => [d.day, d.rate]));
  const days = eachDay(report.period.start, report.period.end);
  const values = days.map((d) => {
    const rate = byDay.get(d);
    return rate === undefined || rate === null ? null : Math.round(rate * 1000) / 10;
  });
  const overall = report.checkin.rate;
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
      textStyle: { fontFamily: 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif' },
      title: {
        text: `Check-in rate ${report.period.key}`,
        subtext: `${report.period.start} - ${report.through}   overall ${overall === null ? '-' : `${(overall * 100).toFixed(1)}%`}   ${report.checkin.checked}/${report.checkin.expected}`,
        left: 'center',
      },
      grid: { left: 60, right: 90, top: 80, bottom: 50 },
      xAxis: {
        type: 'category',
        data: days.map((d) => d.slice(5)),
        axisLabel: { interval: days.length > 16 ? 1 : 0 },
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
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
                  label: { formatter: 'avg {c}%' },
                  data: [{ yAxis: Math.round(overall * 1000) / 10 }],
                },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, {
      fitTo: { mode: 'width', value: CHART_WIDTH },
      font: { loadSystemFonts: true, defaultFontFamily: 'sans-serif' },
    })
      .render()
      .asPng();
    return Buffer.from(png);
  } finally {
    chart.dispose();
  }
}
