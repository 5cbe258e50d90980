/** Serves the route table (routes.ts) over HTTP with find-my-way; bound to 127.0.0.1 unless told otherwise. */
import { createServer, type Server } from 'node:http';
import Router from 'find-my-way';
import { usageError } from '../errors.js';
import type { Route } from './routes.js';

export interface Listening {
  server: Server;
  /** host:port actually bound (port 0 picks a free one). */
  address: string;
  close(): Promise<void>;
}

/** Parses `--listen` (`PORT`, `HOST:PORT`, `[::1]:PORT`). */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(value);
  const port = Number(m?.[2]);
  if (m === null || port > 65535)
    throw usageError('--listen', `expected PORT or HOST:PORT (e.g. 127.0.0.1:9433), got '${value}'`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

export function serveRoutes(routes: readonly Route[], host: string, port: number): Promise<Listening> {
  const router = Router({
    ignoreTrailingSlash: true,
    defaultRoute: (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`not found; routes: ${routes.map((r) => r.path).join(', ')}\n`);
    },
  });
  for (const r of routes)
    router.on(r.method, r.path, (_req, res) => {
      Promise.resolve()
        .then(() => r.handle())
        .then(
          (reply) => {
            res.writeHead(reply.status, { 'content-type': reply.type });
            res.end(reply.body);
          },
          (err: Error) => {
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
            res.end(`${err.message}\n`);
          },
        );
    });
  const server = createServer((req, res) => router.lookup(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        usageError('--listen', `cannot listen on ${host}:${port} (${err.code ?? err.message}); pick another address`),
      ),
    );
    server.listen(port, host, () => {
      const a = server.address();
      const bound =
        typeof a === 'object' && a !== null
          ? `${a.address.includes(':') ? `[${a.address}]` : a.address}:${a.port}`
          : `${host}:${port}`;
      resolve({
        server,
        address: bound,
        close: () => new Promise((res) => server.close(() => res())),
      });
    });
  });
}
