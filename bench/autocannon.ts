import { createRequire } from 'node:module';

interface Histogram {
  p50: number;
  p99: number;
  average: number;
  max: number;
}

/** The part of autocannon's result the benchmarks print. */
export interface AutocannonResult {
  latency: Histogram;
  requests: Histogram & { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'GET'; path: string }[];
}) => Promise<AutocannonResult>;

/** autocannon, which is CommonJS without type declarations, typed for the benchmarks' use. */
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
