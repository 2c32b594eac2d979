import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { isTimeZone } from './time-zone.js';

/** The project's own copy of the Perx data set, used when no source is given. */
export const bundledSource = fileURLToPath(new URL('../../data/perx/', import.meta.url));

const configSchema = z.object({
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  dataDir: z.string().min(1).default('.perx'),
  port: z.coerce.number().int().min(0).max(65_535).default(5000),
  host: z.string().min(1).default('127.0.0.1'),
  source: z.string().min(1).default(bundledSource),
  timeZone: z
    .string()
    .default('Asia/Singapore')
    .refine(isTimeZone, {
      error: (issue) => `unknown time zone "${String(issue.input)}": use an IANA name like Asia/Singapore`,
    }),
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
} as const satisfies Record<keyof Config, string>;

/**
 * Reads a .env file in the working directory once, without overriding variables already set, so the
 * real environment always wins over the file.
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, unknown> = {};
  for (const [key, envName] of Object.entries(environmentNames)) {
    const fromEnv = env[envName];
    const value = overrides[key as keyof Config] ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof Config;
      return `${environmentNames[key] ?? key} (${key}): ${issue.message}`;
    });
    throw new UsageError(`invalid configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(parsed.data);
}

/** The configuration as `perx config` prints it: passwords in URLs masked. */
export function describeConfig(config: Config): Record<string, string> {
  const described: Record<string, string> = {};
  for (const [key, envName] of Object.entries(environmentNames)) {
    const value = config[key as keyof Config];
    described[envName] =
      value === undefined ? '' : key === 'databaseUrl' ? maskPassword(String(value)) : String(value);
  }
  return described;
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':****@');
  }
}
