/* global window, document, echarts */
// Shared chart plumbing: every chart reads its data from a data-chart attribute the server rendered (no
// inline script, so the page's CSP can forbid them), follows the OS colour scheme, and resizes with the
// window. Page scripts register a builder that turns that data into an ECharts option.
(function () {
  'use strict';
  const darkScheme = window.matchMedia('(prefers-color-scheme: dark)');
  const builders = new Map();
  const mounted = [];

  // The scheme in effect: the visitor's pick (html[data-theme], theme.js), else the OS's.
  function isDark() {
    const theme = document.documentElement.dataset.theme;
    return theme === 'dark' || (theme !== 'light' && darkScheme.matches);
  }

  function palette() {
    // The variables hold light-dark(...) pairs; a probe's computed colour is the one in effect.
    const probe = document.createElement('span');
    probe.hidden = true;
    document.body.append(probe);
    const read = (name) => {
      probe.style.color = `var(${name})`;
      return window.getComputedStyle(probe).color;
    };
    const colours = {
      dark: isDark(),
      text: read('--text'),
      muted: read('--muted'),
      border: read('--border'),
      accent: read('--accent'),
      good: read('--good'),
      bad: read('--bad'),
      focus: read('--focus'),
      surface: read('--surface'),
      rowAlt: read('--row-alt'),
      accentText: read('--accent-text'),
    };
    probe.remove();
    return colours;
  }

  function render(entry) {
    if (entry.chart) entry.chart.dispose();
    const colours = palette();
    entry.chart = echarts.init(entry.element, colours.dark ? 'dark' : null, { renderer: 'canvas' });
    const option = entry.build(entry.data, colours);
    // The page background shows through, so the chart matches the surrounding card in both schemes.
    option.backgroundColor = 'transparent';
    entry.chart.setOption(option);
    // A chart whose marks lead somewhere (a heatmap cell to its transactions) opens that page on a click.
    if (entry.link) {
      entry.chart.on('click', (item) => {
        const href = entry.link(entry.data, item);
        if (href) window.location.assign(href);
      });
    }
    entry.element.dataset.rendered = 'true';
  }

  function mountAll() {
    for (const element of document.querySelectorAll('[data-chart]')) {
      const registered = builders.get(element.dataset.chart);
      if (!registered) continue;
      const { build, link } = registered;
      const data = JSON.parse(element.dataset.chartData || '{}');
      const entry = { element, build, link, data, chart: null };
      mounted.push(entry);
      // Folded away in a closed <details>, it has no size yet: it is drawn when it opens.
      if (!element.closest('details:not([open])')) render(entry);
    }
  }

  function redrawDrawn() {
    mounted.filter((entry) => entry.chart).forEach(render);
  }

  darkScheme.addEventListener('change', redrawDrawn);
  document.addEventListener('perx-theme', redrawDrawn);
  // toggle does not bubble: caught on its way down to the <details>.
  document.addEventListener(
    'toggle',
    (event) => {
      if (!event.target.open) return;
      for (const entry of mounted) {
        if (!event.target.contains(entry.element)) continue;
        if (entry.chart) entry.chart.resize();
        else render(entry);
      }
    },
    true,
  );
  window.addEventListener('resize', () => mounted.forEach((entry) => entry.chart && entry.chart.resize()));

  window.perxCharts = {
    register(name, build, link) {
      builders.set(name, { build, link });
    },
  };
  // Page scripts are deferred after this one, so they have registered by DOMContentLoaded.
  document.addEventListener('DOMContentLoaded', mountAll);
})();
