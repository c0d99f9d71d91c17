/**
 * Health endpoints on HTTP_HOST:HTTP_PORT (loopback by default): /healthz says the process is
 * alive; /readyz checks that IMAP is logged in, Redis answers and SQLite is open; /metrics is
 * the Prometheus exposition when a metrics source is given (src/http/metrics.ts). Every other
 * path goes to the handler mounted with `mount()` (the web overview, src/web), if any.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReadinessCheck = () => Promise<boolean> | boolean;

/** Produces the /metrics body (ServiceMetrics.scrape). */
export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

export interface HealthServer {
  server: Server;
  port: number;
  /** Hand every request for another path than /healthz, /readyz and /metrics to `handler` (the web overview). */
  mount(handler: RequestListener): void;
  close(): Promise<void>;
}

/** Paths the health server answers itself, whatever is mounted. */
const OWN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export async function startHealthServer(
  host: string,
  port: number,
  checks: Record<string, ReadinessCheck>,
  metrics?: MetricsSource,
): Promise<HealthServer> {
  let mounted: RequestListener | null = null;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (mounted && !OWN_PATHS.has(path ?? '/')) {
      mounted(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === '/readyz') {
      void readiness(checks).then((result) => {
        const ok = Object.values(result).every(Boolean);
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, checks: result }) + '\n');
      });
      return;
    }
    if (path === '/metrics' && metrics) {
      void metrics().then(
        (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
        () => res.writeHead(503, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    mount: (handler) => {
      mounted = handler;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readiness(checks: Record<string, ReadinessCheck>): Promise<Record<string, boolean>> {
  const out: Record<string, boolean> = {};
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        out[name] = await Promise.race([Promise.resolve(check()), new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref())]);
      } catch {
        out[name] = false;
      }
    }),
  );
  return out;
}
