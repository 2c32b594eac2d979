import { html } from 'hono/html';
import { jsonText } from '../../../output/index.js';
import type { Html } from '../html.js';

/**
 * A chart as the pages draw them: the data in a data-chart-data attribute for the chart script named
 * `chart` (charts.js; no inline script, so the CSP forbids them), an image role with a label saying
 * where the same figures are in text, and a caption.
 */
export function chartFigure(props: {
  chart: string;
  data: unknown;
  label: string;
  caption: Html | string;
  size?: 'short' | 'tall' | undefined;
}): Html {
  return html`<figure class="chart">
    <div
      class="chart-canvas ${props.size ?? ''}"
      data-chart="${props.chart}"
      data-chart-data="${jsonText(props.data)}"
      role="img"
      aria-label="${props.label}"
    ></div>
    <figcaption>${props.caption}</figcaption>
  </figure>`;
}
