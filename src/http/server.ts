/**
 * Health endpoints on HTTP_HOST:HTTP_PORT (loopback by default): /healthz says the process is
 * alive; /readyz checks that IMAP is logged in, Redis answers and SQLite is open.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReadinessCheck = () => Promise<boolean> | boolean;

export interface HealthServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(
  host: string,
  port: number,
  checks: Record<string, ReadinessCheck>,
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
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
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
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
