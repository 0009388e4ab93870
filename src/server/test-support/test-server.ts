import { createServerApp, type ServerAppOptions } from '../create-server-app.js';
import { createDefaultReasoner } from '../default-reasoner.js';
import { SERVER_TEXT_VERIFIERS } from '../model-reasoner.js';
import { registryCatalog } from '../search-catalog.js';
import { startServer, type RunningServer } from '../start-server.js';
import { upstreamModels } from '../upstream-models.js';
import type { UpstreamConfig } from '../upstream.js';

/** A reasoning server on loopback for tests and the benchmark, optionally in front of an upstream. */
export async function startTestServer(
  upstream: UpstreamConfig | null,
  options: Partial<ServerAppOptions> = {},
): Promise<RunningServer & ReturnType<typeof createServerApp>> {
  const reasoner = createDefaultReasoner(
    upstream
      ? { models: { model: upstreamModels(upstream, { maxRetries: 0 }), verifiers: SERVER_TEXT_VERIFIERS, defaultVerifier: 'none' } }
      : {},
  );
  const made = createServerApp({ catalog: registryCatalog(), reasoner, upstream, ...options });
  const running = await startServer(made.app, { host: '127.0.0.1', port: 0 });
  return { ...made, ...running };
}
