import type { Context } from 'hono';
import type { LiveComputation } from '../../live/live-computations.js';

/**
 * The answer to an API request whose sessions are being computed: 202 with how far along, and when to
 * ask again; 503 with the reason when the computation failed (ran out of time, say).
 */
export function computingResponse(c: Context, computation: LiveComputation): Response {
  if (computation.failure !== undefined) return c.json({ error: computation.failure }, 503);
  return c.json(
    {
      status: 'computing',
      gap: computation.gap,
      started_at: computation.startedAt.toISOString(),
      progress: computation.progress ?? null,
    },
    202,
    { 'Retry-After': '2' },
  );
}
