/* global window */
// Each campaign as a point: how often it was viewed against how many sessions it drove to a reward.
// Views span several orders of magnitude, so the view axis is logarithmic; labels that would collide
// are hidden (the tooltip and the table still name every campaign).
(function () {
  'use strict';
  window.perxCharts.register('campaign-conversions', (data, colours) => ({
    aria: { enabled: true },
    tooltip: {
      renderMode: 'richText',
      formatter: (item) =>
        `campaign ${item.value[2]}: ${item.value[0]} views, ${item.value[1]} driven sessions, conversion ${item.value[3]}`,
    },
    grid: { left: 64, right: 40, top: 32, bottom: 56 },
    xAxis: {
      type: 'log',
      logBase: 10,
      // From the power of ten at or below the fewest views, not from 1: with every campaign viewed
      // thousands of times, the points would otherwise crowd the right quarter of the plot.
      min: (extent) => Math.pow(10, Math.floor(Math.log10(Math.max(1, extent.min)))),
      axisLabel: { hideOverlap: true },
      name: 'views (log scale)',
      nameLocation: 'middle',
      nameGap: 32,
    },
    yAxis: { type: 'value', name: 'driven sessions', minInterval: 1 },
    series: [
      {
        type: 'scatter',
        symbolSize: 12,
        itemStyle: { color: colours.accent },
        data: data.points,
        labelLayout: { hideOverlap: true },
        label: {
          show: true,
          position: 'right',
          formatter: (item) => String(item.value[2]),
          color: colours.muted,
        },
      },
    ],
  }));
})();
