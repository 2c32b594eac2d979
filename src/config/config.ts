import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { maskCredentials } from './credentials.js';
import { isTimeZone } from './time-zone.js';

/** The project's own copy of the Perx data set, used when no source is given. */
export const bundledSource = fileURLToPath(new URL('../../data/perx/', import.meta.url));

/** A whole number from a string or a number, with its bounds said in plain words when it is not one. */
function wholeNumber(min: number, max: number) {
  return z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be a whole number from ${min} to ${max}`)
    .max(max, `must be a whole number from ${min} to ${max}`);
}

/** A share from 0 to 1, from a string or a number. */
function share() {
  return z.coerce
    .number({ error: 'must be a number from 0 to 1' })
    .min(0, 'must be a number from 0 to 1')
    .max(1, 'must be a number from 0 to 1');
}

const configSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z.string().min(1, 'must name a folder').default('.perx'),
  port: wholeNumber(0, 65_535).default(5000),
  host: z.string().min(1, 'must name a host or an address').default('127.0.0.1'),
  source: z.string().min(1, 'must name a folder, a git URL or an https URL').default(bundledSource),
  timeZone: z
    .string()
    .default('Asia/Singapore')
    .refine(isTimeZone, {
      error: (issue) => `unknown time zone "${String(issue.input)}": use an IANA name like Asia/Singapore`,
    }),
  databasePoolSize: wholeNumber(1, 100).default(10),
  downloadIdleSeconds: wholeNumber(1, 3600).default(30),
  downloadMaxSeconds: wholeNumber(1, 86_400).default(900),
  maxShrink: share().default(0.2),
  maxRejected: share().default(0.1),
  liveTimeoutSeconds: wholeNumber(1, 86_400).default(600),
  liveRuns: wholeNumber(1, 100).default(4),
});

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigOverrides = Partial<{ [K in keyof Config]: string | number | undefined }>;

/** Which environment variable feeds each setting; flags of the same meaning win over them. */
export const environmentNames = {
  databaseUrl: 'DATABASE_URL',
  dataDir: 'PERX_DATA_DIR',
  port: 'PORT',
  host: 'HOST',
  source: 'PERX_SOURCE',
  timeZone: 'PERX_TZ',
  databasePoolSize: 'PERX_DB_POOL',
  downloadIdleSeconds: 'PERX_DOWNLOAD_IDLE_SECONDS',
  downloadMaxSeconds: 'PERX_DOWNLOAD_MAX_SECONDS',
  maxShrink: 'PERX_MAX_SHRINK',
  maxRejected: 'PERX_MAX_REJECTED',
  liveTimeoutSeconds: 'PERX_LIVE_TIMEOUT_SECONDS',
  liveRuns: 'PERX_LIVE_RUNS',
} as const satisfies Record<keyof Config, string>;

/** The command-line flag of each setting that has one, so a message names what the user typed. */
const flagNames: Partial<Record<keyof Config, string>> = {
  databaseUrl: '--database-url',
  dataDir: '--data-dir',
  port: '--port',
  host: '--host',
  source: '--source',
  timeZone: '--tz',
};

/**
 * Reads a .env file in the working directory once, without overriding variables already set, so the
 * real environment always wins over the file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, unknown> = {};
  // Where each value came from, a flag or a variable, to name it in a message.
  const origin: Partial<Record<keyof Config, string>> = {};
  for (const [name, envName] of Object.entries(environmentNames)) {
    const key = name as keyof Config;
    const fromEnv = env[envName];
    const override = overrides[key];
    const value = override ?? (fromEnv === '' ? undefined : fromEnv);
    if (value === undefined) continue;
    input[key] = value;
    origin[key] = override !== undefined ? (flagNames[key] ?? envName) : envName;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof Config;
      return `${origin[key] ?? environmentNames[key] ?? key}: ${issue.message}`;
    });
    throw new UsageError(`invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

/** The configuration as `perx config` prints it: credentials in URLs masked. */
export function describeConfig(config: Config): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [key, envName] of Object.entries(environmentNames)) {
    const value = config[key as keyof Config];
    described[envName] = value === undefined ? '' : maskCredentials(String(value));
  }
  return described;
}
