import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { MetacotError } from '../core/errors.js';
import type { ViewerAssets } from './bundle-viewer.js';
import { createViewerApp } from './viewer-app.js';
import type { ViewerSource } from './viewer-source.js';

export interface ViewerServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the viewer on the loopback interface only; port 0 picks a free port. */
export async function serveViewer(source: ViewerSource, assets: ViewerAssets, options: { port?: number } = {}): Promise<ViewerServer> {
  const app = createViewerApp(source, assets);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}/`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          // Browsers keep idle connections open; without this, close would wait for them.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
      });
    });
    server.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new MetacotError(`port ${options.port} on 127.0.0.1 is in use; pick another with --port or use --port 0 for any free port`)
        : error);
    });
  });
}
