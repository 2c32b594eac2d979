/* global window */
// Redeemed rewards per week, one bar series per reward, each bar labelled with its change on the
// previous calendar week.
(function () {
  'use strict';
  const change = (value) => `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;

  window.perxCharts.register('weekly-redemptions', (data) => ({
    aria: { enabled: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 56, right: 24, top: 40, bottom: 48 },
    xAxis: {
      type: 'category',
      data: data.weeks,
      name: `week starting (${data.timeZone})`,
      nameLocation: 'middle',
      nameGap: 30,
    },
    yAxis: { type: 'value', name: 'redeemed', minInterval: 1 },
    series: data.series.map((reward) => ({
      name: reward.name,
      type: 'bar',
      barMaxWidth: 72,
      data: reward.counts.map((count, index) => ({
        value: count,
        label: {
          show: count !== null,
          position: 'top',
          // A week without a comparable previous week shows its count alone.
          formatter:
            reward.changes[index] === null ? `${count}` : `${count} (${change(reward.changes[index])})`,
        },
      })),
    })),
  }));
})();
