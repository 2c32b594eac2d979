/* global window */
// Redeemed rewards per week for the charted rewards: bars labelled with the count and the change on the
// previous calendar week when there are a few, a line per reward when there are more. A bar or a point
// opens that reward's redemptions in that week.
(function () {
  'use strict';
  const change = (value) => `${value > 0 ? '+' : ''}${value.toFixed(2)}%`;
  const labelledSeries = 3;

  const weekLink = (data, item) => {
    const reward = data.series[item.seriesIndex];
    return reward && reward.links ? reward.links[item.dataIndex] : null;
  };

  window.perxCharts.register(
    'weekly-redemptions',
    (data) => {
      const bars = data.series.length <= labelledSeries;
      return {
        aria: { enabled: true },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        grid: { left: 56, right: 24, top: 56, bottom: 48 },
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
          type: bars ? 'bar' : 'line',
          barMaxWidth: 72,
          symbolSize: 8,
          data: reward.counts.map((count, index) => ({
            value: count,
            label: {
              show: bars && count !== null,
              position: 'top',
              // A week without a comparable previous week shows its count alone.
              formatter:
                reward.changes[index] === null ? `${count}` : `${count} (${change(reward.changes[index])})`,
            },
          })),
        })),
      };
    },
    weekLink,
  );
})();
