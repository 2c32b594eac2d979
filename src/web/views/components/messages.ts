import { html } from 'hono/html';
import type { Html } from '../html.js';

/** A bad parameter's message, announced to screen readers as soon as the page loads. */
export function errorMessage(message: string): Html {
  return html`<div class="error-message" role="alert">
    <strong>Cannot show this report:</strong> ${message}
  </div>`;
}

export function emptyState(message: string): Html {
  return html`<p class="empty" role="status">${message}</p>`;
}
