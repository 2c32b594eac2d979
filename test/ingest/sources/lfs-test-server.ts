import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that plays a git host: plain files under /files/, the Git LFS batch
 * API at any path ending in /info/lfs/objects/batch, object downloads under /objects/<oid> that demand
 * the header the batch answer handed out, and git's smart HTTP protocol under /git/ (the real
 * `git http-backend`, run as CGI).
 */
export interface LfsTestServerContent {
  /** Served at GET /files/<name>. */
  files?: ReadonlyMap<string, Buffer | string>;
  /** Served at GET /objects/<oid>, behind the batch API's download action. */
  objects?: ReadonlyMap<string, Buffer>;
  /** Objects the batch API answers with an error instead of a download action. */
  objectErrors?: ReadonlyMap<string, { code: number; message: string }>;
  /** Repositories served at /git/<name>, by git http-backend. */
  gitProjectRoot?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LfsTestServer {
  /** http://127.0.0.1:<port> */
  url: string;
  requests: RecordedRequest[];
  content: LfsTestServerContent;
  close(): Promise<void>;
}

export const lfsMediaType = 'application/vnd.git-lfs+json';

export async function startLfsTestServer(content: LfsTestServerContent): Promise<LfsTestServer> {
  const requests: RecordedRequest[] = [];
  const state: LfsTestServer = { url: '', requests, content, close: async () => {} };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', path, headers: request.headers, body });

      const file = /^\/files\/([^/]+)$/.exec(path);
      if (request.method === 'GET' && file) {
        const served = state.content.files?.get(decodeURIComponent(file[1]!));
        if (served === undefined) return void response.writeHead(404).end('no such file');
        return void response.writeHead(200, { 'content-type': 'text/plain' }).end(served);
      }

      if (request.method === 'POST' && path.endsWith('/info/lfs/objects/batch')) {
        if (request.headers['content-type'] !== lfsMediaType || request.headers.accept !== lfsMediaType) {
          return void response
            .writeHead(406, { 'content-type': lfsMediaType })
            .end('{"message":"wrong media type"}');
        }
        const batch = JSON.parse(body) as { objects: { oid: string; size: number }[] };
        const objects = batch.objects.map(({ oid, size }) => {
          const error = state.content.objectErrors?.get(oid);
          if (error) return { oid, size, error };
          return {
            oid,
            size,
            authenticated: true,
            actions: {
              download: { href: `${state.url}/objects/${oid}`, header: { 'X-Object-Token': `token-${oid}` } },
            },
          };
        });
        return void response
          .writeHead(200, { 'content-type': `${lfsMediaType}; charset=utf-8` })
          .end(JSON.stringify({ transfer: 'basic', objects, hash_algo: 'sha256' }));
      }

      const object = /^\/objects\/([0-9a-f]{64})$/.exec(path);
      if (request.method === 'GET' && object) {
        const oid = object[1]!;
        if (request.headers['x-object-token'] !== `token-${oid}`) return void response.writeHead(401).end();
        const served = state.content.objects?.get(oid);
        if (served === undefined) return void response.writeHead(404).end();
        return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(served);
      }
      if (path.startsWith('/git/') && state.content.gitProjectRoot !== undefined) {
        return void serveGit(state.content.gitProjectRoot, request, Buffer.concat(chunks), response);
      }
      response.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  };
  return state;
}

/** How many object downloads the server has served, to tell a cached run from a downloading one. */
export function objectDownloads(server: LfsTestServer): number {
  return server.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/objects/'))
    .length;
}

/** A port on 127.0.0.1 that nothing listens on: taken from the system, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs git http-backend as a CGI program for one request (bodies are small in tests, so buffered). */
function serveGit(
  projectRoot: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): void {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : '';
  };
  const backend = spawn('git', ['http-backend'], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: url.pathname.slice('/git'.length),
      QUERY_STRING: url.search.slice(1),
      CONTENT_TYPE: header('content-type'),
      CONTENT_LENGTH: String(body.length),
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      GIT_PROTOCOL: header('git-protocol'),
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  const output: Buffer[] = [];
  backend.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  // For a GET, the backend answers without reading its input and may be gone before the write.
  backend.stdin.on('error', () => {});
  backend.stdin.end(body);
  backend.on('close', () => {
    const all = Buffer.concat(output);
    const end = all.indexOf('\r\n\r\n');
    const headers = all.subarray(0, end).toString('latin1').split('\r\n');
    let status = 200;
    const responseHeaders: Record<string, string> = {};
    for (const line of headers) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else responseHeaders[name] = value;
    }
    response.writeHead(status, responseHeaders).end(all.subarray(end + 4));
  });
}
