import { html } from 'hono/html';
import type { LiveComputation } from '../../live/live-computations.js';
import type { Html } from '../html.js';
import { errorMessage } from './messages.js';

/**
 * A report that is being computed for these parameters, in place of its rows: how far along it is. The
 * page refreshes itself (a meta refresh, so it works without scripts) until the rows are there.
 */
export function computingState(computation: LiveComputation): Html {
  if (computation.failure !== undefined) return errorMessage(computation.failure);
  const progress = computation.progress;
  const share = progress && progress.total > 0 ? Math.floor((progress.done * 100) / progress.total) : 0;
  const detail = progress
    ? html`${progress.done} of ${progress.total} user ranges done (${share}%)`
    : 'waiting for the computation before it to finish';
  return html`<div class="computing" role="status" aria-live="polite">
    <p>
      <strong>Computing the sessions for a ${computation.gap} s gap:</strong> ${detail}. This page refreshes
      itself until they are ready; they are then kept, so paging, sorting and downloads are immediate.
    </p>
    <progress max="100" value="${share}">${share}%</progress>
  </div>`;
}

/** Seconds between the refreshes of a page that shows a computation under way. */
export const computingRefreshSeconds = 2;
