/* global window */
// The day-by-day trend on the Overview: sessions, campaign views, reward issues and driven sessions per
// local day, one line each, on one axis of counts.
(function () {
  'use strict';

  window.perxCharts.register('daily-trend', (data, colours) => ({
    aria: { enabled: true },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    xAxis: {
      type: 'category',
      data: data.days,
      name: `day of the session's start (${data.timeZone})`,
      nameLocation: 'middle',
      nameGap: 30,
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: 'Sessions', values: data.sessions, colour: colours.accent },
      { name: 'Campaign views', values: data.views, colour: colours.muted },
      { name: 'Reward issues', values: data.issues, colour: colours.bad },
      { name: 'Driven sessions', values: data.driven, colour: colours.good },
    ].map((line) => ({
      name: line.name,
      // One or two days make no line worth reading: bars side by side then.
      type: data.days.length < 3 ? 'bar' : 'line',
      barMaxWidth: 48,
      data: line.values,
      showSymbol: data.days.length < 40,
      itemStyle: { color: line.colour },
      lineStyle: { color: line.colour, width: 2 },
    })),
  }));
})();
