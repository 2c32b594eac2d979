import { cpSync } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runQuietly } from './child.js';

export const projectRoot = new URL('../../', import.meta.url).pathname;

/** What the compiled code reads beside its own folder: the package (ESM), packages, schemas, bundled data. */
const linkedFromProject = ['package.json', 'node_modules', 'schemas', 'data'];

/**
 * Compiles the CLI into a private folder and returns the command that runs it. The measured processes
 * run compiled JavaScript, as `node bin/perx.js` does for a user: under tsx every module would first be
 * transpiled at startup, and tsx's loader adds its own memory to the peak RSS being measured. The folder
 * mirrors the project (dist/ beside links to package.json, node_modules, schemas and data), so the code
 * finds everything where it looks, and the project's own dist/ is left alone.
 */
export async function buildPerx(): Promise<{ node: string; args: string[] }> {
  const root = buildRoot();
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  for (const name of linkedFromProject) await symlink(join(projectRoot, name), join(root, name));
  const outDir = join(root, 'dist');
  // tsc writes JavaScript even when it reports a type error; the bench only needs the JavaScript.
  await runQuietly(
    process.execPath,
    [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: projectRoot },
  ).catch((error: unknown) => {
    console.error(`tsc reported problems; measuring the JavaScript it wrote anyway:\n${String(error)}`);
  });
  // SQL files and other assets travel next to the code that reads them, as scripts/copy-assets.js does.
  cpSync(join(projectRoot, 'src'), outDir, { recursive: true, filter: (source) => !source.endsWith('.ts') });
  return { node: process.execPath, args: [join(outDir, 'cli/main.js')] };
}

export async function removeBuild(): Promise<void> {
  await rm(buildRoot(), { recursive: true, force: true });
}

function buildRoot(): string {
  return join(tmpdir(), `perx-bench-build-${process.pid}`);
}
