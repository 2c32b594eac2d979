/* global window */
// How long the matching sessions are: one bar per length bucket, shortest first.
(function () {
  'use strict';

  // On a phone the sessions come first: the length distribution starts folded (its summary says what it
  // holds). Deferred, this runs before the charts are drawn, so the folded chart waits until it opens.
  if (window.matchMedia('(max-width: 600px)').matches) {
    for (const details of window.document.querySelectorAll('details.distribution')) details.open = false;
  }

  window.perxCharts.register('session-lengths', (data, colours) => ({
    aria: { enabled: true },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    grid: { left: 64, right: 24, top: 24, bottom: 40 },
    xAxis: {
      type: 'category',
      data: data.lengths,
      name: 'session length',
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', name: 'sessions', minInterval: 1 },
    series: [
      {
        name: 'Sessions',
        type: 'bar',
        barMaxWidth: 56,
        data: data.sessions,
        itemStyle: { color: colours.accent },
        label: { show: true, position: 'top' },
      },
    ],
  }));
})();
