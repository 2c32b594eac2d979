/* global window */
// Day-by-hour heatmap of reward transactions; the peak bucket(s) get a thick outline in the focus colour.
(function () {
  'use strict';
  const hours = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);

  // A cell's transactions: the page the server named, with the cell's local hour as the range.
  const cellLink = (data, item) => {
    if (!data.drill || !item.value) return null;
    const at = `${data.dates[item.value[1]]}T${String(item.value[0]).padStart(2, '0')}`;
    const url = new URL(data.drill, window.location.href);
    url.searchParams.set('from', `${at}:00`);
    url.searchParams.set('to', `${at}:59`);
    return `${url.pathname}${url.search}`;
  };

  window.perxCharts.register(
    'engagement-heatmap',
    (data, colours) => {
      const peaks = new Set(data.peaks.map(([hour, day]) => `${hour}/${day}`));
      const cells = data.cells.map(([hour, day, count]) => {
        if (!peaks.has(`${hour}/${day}`)) return [hour, day, count];
        return {
          value: [hour, day, count],
          itemStyle: { borderColor: colours.focus, borderWidth: 3 },
          label: { show: true, fontWeight: 'bold' },
        };
      });
      return {
        aria: { enabled: true },
        tooltip: {
          renderMode: 'richText',
          formatter: (item) =>
            `${data.dates[item.value[1]]} ${hours[item.value[0]]}: ${item.value[2]} transaction${item.value[2] === 1 ? '' : 's'}` +
            (peaks.has(`${item.value[0]}/${item.value[1]}`) ? ' (peak)' : ''),
        },
        grid: { left: 96, right: 16, top: 8, bottom: 96 },
        xAxis: {
          type: 'category',
          data: hours,
          name: `local hour (${data.timeZone})`,
          nameLocation: 'middle',
          nameGap: 28,
          splitArea: { show: false },
        },
        yAxis: { type: 'category', data: data.dates, inverse: true },
        visualMap: {
          min: 0,
          max: Math.max(1, data.max),
          calculable: false,
          orient: 'horizontal',
          left: 'center',
          bottom: 4,
          itemHeight: 160,
          text: ['more', 'none'],
          inRange: { color: [colours.rowAlt, colours.accent] },
          textStyle: { color: colours.muted },
        },
        series: [
          {
            name: 'transactions',
            type: 'heatmap',
            data: cells,
            itemStyle: { borderColor: colours.surface, borderWidth: 1 },
            label: { show: false, color: colours.accentText },
            emphasis: { itemStyle: { borderColor: colours.text, borderWidth: 2 } },
          },
        ],
      };
    },
    cellLink,
  );
})();
