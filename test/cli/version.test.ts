import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { projectRoot, runPerx } from '../support/perx-cli.js';

it('perx --version prints the version of package.json and exits 0', async () => {
  const { version } = JSON.parse(await readFile(`${projectRoot}package.json`, 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const result = await runPerx([flag], { entry: 'bin' });
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  }
});
