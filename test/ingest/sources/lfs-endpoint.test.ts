import { describe, expect, it } from 'vitest';
import {
  lfsEndpointForBaseUrl,
  lfsUrlOfRawUrl,
  lfsUrlOfRemote,
} from '../../../src/ingest/sources/lfs-endpoint.js';

describe('LFS endpoints', () => {
  it.each([
    ['https://github.com/PerxTech/data-interview', 'https://github.com/PerxTech/data-interview.git/info/lfs'],
    [
      'https://github.com/PerxTech/data-interview.git',
      'https://github.com/PerxTech/data-interview.git/info/lfs',
    ],
    [
      'https://github.com/PerxTech/data-interview.git/',
      'https://github.com/PerxTech/data-interview.git/info/lfs',
    ],
    ['http://127.0.0.1:8080/repo.git', 'http://127.0.0.1:8080/repo.git/info/lfs'],
  ])('derives the endpoint of the remote %s', (remote, endpoint) => {
    expect(lfsUrlOfRemote(remote)).toBe(endpoint);
  });

  it.each([
    [
      'https://raw.githubusercontent.com/PerxTech/data-interview/main/data/',
      'https://github.com/PerxTech/data-interview.git/info/lfs',
    ],
    [
      'https://github.com/PerxTech/data-interview/raw/main/data',
      'https://github.com/PerxTech/data-interview.git/info/lfs',
    ],
    [
      'https://gitlab.com/perx/analytics/data-interview/-/raw/main/data/',
      'https://gitlab.com/perx/analytics/data-interview.git/info/lfs',
    ],
    ['https://example.com/perx/data/', undefined],
    ['https://raw.githubusercontent.com/PerxTech/', undefined],
  ])('derives the endpoint of the raw-file URL %s', (base, endpoint) => {
    expect(lfsUrlOfRawUrl(base)).toBe(endpoint);
  });

  it('prefers the configured endpoint for a base URL, and says why there is none', () => {
    expect(
      lfsEndpointForBaseUrl('https://raw.githubusercontent.com/o/r/main/', 'http://127.0.0.1:1/lfs'),
    ).toEqual({
      kind: 'server',
      url: 'http://127.0.0.1:1/lfs',
      origin: 'the lfsUrl option (PERX_LFS_URL)',
    });
    const none = lfsEndpointForBaseUrl('https://user:secret@example.com/data/', undefined);
    expect(none).toMatchObject({ kind: 'none' });
    expect(JSON.stringify(none)).not.toContain('secret');
  });
});
