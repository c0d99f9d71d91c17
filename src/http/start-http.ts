/**
 * The service's HTTP listener: /healthz, /readyz and /metrics, and on every other path the
 * read-only web overview when WEB_ENABLED=true.
 */
import type { Redis } from 'ioredis';
import type { AppContext } from '../use-cases/context.js';
import { createWebOverview, type WebOverview } from '../web/mount.js';
import type { ServiceMetrics } from './metrics.js';
import { startHealthServer, type HealthServer } from './server.js';

export interface HttpParts {
  health: HealthServer;
  web: WebOverview | null;
  close(): Promise<void>;
}

export async function startHttp(ctx: AppContext, deps: { producer: Redis; metrics: ServiceMetrics; imapConnected: () => boolean }): Promise<HttpParts> {
  const { config, store } = ctx;
  const health = await startHealthServer(config.http.host, config.http.port, {
    imap: deps.imapConnected,
    redis: async () => (await deps.producer.ping()) === 'PONG',
    sqlite: () => store.healthy(),
  }, () => deps.metrics.scrape());
  const web = config.web.enabled ? createWebOverview(ctx, { host: config.http.host, port: health.port }) : null;
  if (web) health.mount(web.handle);
  return {
    health, web,
    async close() {
      web?.close();
      await health.close();
    },
  };
}
