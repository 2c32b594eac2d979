import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { checksumFileName, generateDataset, type GenerateOptions } from '../generate/index.js';

/** A count as typed on a command line: digits, optionally grouped with underscores (10_000_000). */
function count(max: number) {
  return z
    .string()
    .regex(/^\d+(_\d+)*$/, 'must be a whole number')
    .transform((text) => Number(text.replaceAll('_', '')))
    .pipe(
      z
        .number()
        .int()
        .min(1, 'must be at least 1')
        .max(max, `must be at most ${max.toLocaleString('en-US')}`),
    );
}

/** A day (midnight UTC) or an ISO 8601 instant with its zone, in epoch seconds. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date like 2019-08-26 or an instant like 2019-08-26T08:00:00+08:00',
  )
  .refine((text) => {
    // Date.parse takes 2019-02-30 for 2 March; a real calendar day must read back the same.
    const day = text.slice(0, 10);
    const parsed = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day);
  }, 'is not a calendar date')
  .transform((text) => Math.floor(Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text) / 1000))
  .pipe(
    z
      .number()
      .min(Date.UTC(1971, 0, 1) / 1000, 'must be in 1971 or later')
      .max(Date.UTC(9000, 0, 1) / 1000, 'must be before the year 9000'),
  );

const generateFlagsSchema = z
  .object({
    out: z.string().min(1, 'must name a folder'),
    users: count(1_000_000_000),
    requests: count(1_000_000_000),
    campaigns: count(100_000),
    seed: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().max(0xffff_ffff, 'must be below 2^32')),
    start: instant,
    days: count(3660),
    force: z.boolean(),
  })
  .refine((flags) => flags.users <= flags.requests, {
    path: ['users'],
    message: 'cannot exceed --requests: every user makes at least one request',
  });

/** The flags as commander hands them over: text, and a boolean for --force. */
type GenerateFlags = Partial<Record<Exclude<keyof z.input<typeof generateFlagsSchema>, 'force'>, string>> & {
  force?: boolean;
};

export function parseGenerateFlags(flags: GenerateFlags): GenerateOptions {
  const parsed = generateFlagsSchema.safeParse({ ...flags, force: flags.force === true });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const flag = issue.path.map(String).join('.');
      const value = flag === '' ? undefined : flags[flag as keyof GenerateFlags];
      return value === undefined ? issue.message : `--${flag} ${String(value)}: ${issue.message}`;
    });
    throw new UsageError(problems.join('; '));
  }
  const { force, start, ...settings } = parsed.data;
  return { ...settings, startSeconds: start, overwrite: force };
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('write a synthetic Perx data set of any size, in the real formats, deterministic for a seed')
    .requiredOption('--out <folder>', 'folder to write the five files and SHA256SUMS to')
    .requiredOption('--users <n>', 'distinct users in the log')
    .requiredOption('--requests <n>', 'lines in the log')
    .option('--campaigns <n>', 'campaigns, each with 2 to 12 rewards', '100')
    .option('--seed <n>', 'seed: the same seed and flags give byte-identical files', '1')
    .option('--start <date>', 'first day of the log (UTC), or an instant with its zone', '2019-08-26')
    .option('--days <n>', 'days the log spans', '14')
    .option('--force', 'overwrite the files of an earlier run in the folder')
    .action(async (flags: GenerateFlags) => {
      const options = parseGenerateFlags(flags);
      const began = performance.now();
      const files = await generateDataset(options);
      const seconds = (performance.now() - began) / 1000;
      const width = Math.max(...files.map((file) => file.name.length));
      for (const file of files) {
        console.log(
          `${file.name.padEnd(width)}  ${String(file.lines).padStart(12)} rows  ${String(file.bytes).padStart(13)} bytes`,
        );
      }
      console.log(
        `wrote ${files.length} files and ${checksumFileName} to ${options.out} in ${seconds.toFixed(1)} s`,
      );
    });
}
