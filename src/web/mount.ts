/**
 * The read-only web overview (WEB_ENABLED=true), served on the health server's address: build
 * its parts, hand its handler to the server, and sweep expired sessions and used sign-in links
 * every minute (which also wipes the link from login-link letters once they are sent).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEMPLATES_DIR } from '../paths.js';
import type { AppContext } from '../use-cases/context.js';
import { webHandler } from './app.js';
import { LINK_MINUTES } from './routes/sign-in.js';
import { WebViews } from './views.js';

export interface WebOverview {
  /** The public address the sign-in links point to. */
  baseUrl: URL;
  handle(req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

/** The address to use when WEB_BASE_URL is not set: the listener itself (loopback setups, tests). */
export function listenerUrl(host: string, port: number): URL {
  return new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
}

export function createWebOverview(ctx: AppContext, listener: { host: string; port: number }): WebOverview {
  const log = ctx.log.child({ component: 'web' });
  const baseUrl = ctx.config.web.baseUrl ? new URL(ctx.config.web.baseUrl) : listenerUrl(listener.host, listener.port);
  const signIns = ctx.store.signIn;
  const lang = ctx.config.defaultLanguage;
  const views = new WebViews(TEMPLATES_DIR, lang, `${ctx.config.practiceName}`,
    (kind, practiceId) => ctx.renderer.label(lang, 'deadline', kind, { practiceId }));
  const sweep = () => {
    try {
      const now = ctx.clock.now().getTime();
      signIns.sweep(new Date(now).toISOString(), new Date(now - 86_400_000).toISOString(), new Date(now - LINK_MINUTES * 60_000).toISOString());
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'web sweep failed');
    }
  };
  const timer = setInterval(sweep, 60_000);
  timer.unref();
  log.info({ url: baseUrl.origin }, 'web overview enabled');
  return {
    baseUrl,
    handle: webHandler({ ctx, views, signIns, baseUrl, sessionHours: ctx.config.web.sessionHours, log }),
    close: () => clearInterval(timer),
  };
}
