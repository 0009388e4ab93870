import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8000` */
  url: string;
  port: number;
  /** Stops accepting, ends open connections (streams included) and resolves when closed. */
  close(): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Serves `app` on a socket with @hono/node-server (port 0: any free port). */
export function startServer(app: Hono, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const hostname = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port: options.port ?? 0 }) as Server;
    // Idle keep-alive sockets stay open longer than clients keep theirs (undici: 4 s), so
    // the server never closes one just as a client sends its next request on it (a POST
    // lost that way is not retried by clients: "fetch failed").
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
      resolve({
        url: `http://${shown}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
