/**
 * The web overview's request handler: a small route table, the session check, and the headers
 * every response carries. Pages with case data answer only a signed-in commissioner; anyone else
 * is sent to the sign-in page and learns nothing, not even whether a case exists.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseHeaders, cookieName, isSecure, parseCookies, sendHtml } from './http.js';
import type { Route, WebCall, WebDeps } from './types.js';
import { notice } from './notice.js';
import { requestLink, showLink, showSignIn, signOut, useLink } from './routes/sign-in.js';
import { showCaseList } from './routes/case-list.js';
import { showCase } from './routes/case-page.js';
import { downloadAttachment } from './routes/attachment.js';
import { serveCss, serveFavicon } from './routes/stylesheet.js';

interface RouteEntry {
  method: 'GET' | 'POST';
  path: RegExp;
  route: Route;
  /** Only for a signed-in commissioner; others are sent to /sign-in. */
  signedIn: boolean;
}

const CASE = '([A-Z][A-Z0-9]{0,7}-\\d{4}-\\d{4,})';
const ROUTES: RouteEntry[] = [
  { method: 'GET', path: /^\/web\.css$/, route: serveCss, signedIn: false },
  { method: 'GET', path: /^\/favicon\.(svg|ico)$/, route: serveFavicon, signedIn: false },
  { method: 'GET', path: /^\/sign-in$/, route: showSignIn, signedIn: false },
  { method: 'POST', path: /^\/sign-in$/, route: requestLink, signedIn: false },
  { method: 'GET', path: /^\/sign-in\/link$/, route: showLink, signedIn: false },
  { method: 'POST', path: /^\/sign-in\/link$/, route: useLink, signedIn: false },
  { method: 'POST', path: /^\/sign-out$/, route: signOut, signedIn: false },
  { method: 'GET', path: /^\/$/, route: showCaseList, signedIn: true },
  { method: 'GET', path: new RegExp(`^/cases/${CASE}$`), route: showCase, signedIn: true },
  { method: 'GET', path: new RegExp(`^/cases/${CASE}/attachments/(\\d{1,12})$`), route: downloadAttachment, signedIn: true },
];

/** The handler to mount on the HTTP server (for every path but /healthz, /readyz and /metrics). */
export function webHandler(deps: WebDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(deps, req, res).catch((err: Error) => {
      deps.log.error({ err: err.message }, 'web request failed');
      if (!res.headersSent) sendHtml(res, 500, baseHeaders(false), notice(deps, 'error'));
      else res.destroy();
    });
  };
}

async function handle(deps: WebDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', deps.baseUrl.origin);
  const secure = isSecure(req, deps.baseUrl);
  const headers = baseHeaders(secure);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const pathMatches = ROUTES.filter((r) => r.path.test(url.pathname));
  if (pathMatches.length === 0) return sendHtml(res, 404, headers, notice(deps, 'not-found'));
  const entry = pathMatches.find((r) => r.method === method);
  if (!entry) {
    res.writeHead(405, { ...headers, allow: [...new Set(pathMatches.map((r) => r.method))].join(', ') }).end();
    return;
  }
  const cookies = parseCookies(req.headers.cookie);
  const sessionToken = cookies.get(cookieName(true)) ?? cookies.get(cookieName(false)) ?? null;
  const call: WebCall = {
    req, res, url, secure, headers, sessionToken,
    params: (entry.path.exec(url.pathname) ?? []).slice(1),
    email: sessionToken ? signedInAs(deps, sessionToken) : null,
  };
  if (entry.signedIn && !call.email) {
    res.writeHead(303, { ...headers, location: '/sign-in' }).end();
    return;
  }
  await entry.route(deps, call);
}

/** The commissioner a session belongs to, while that address is still a commissioner's. */
function signedInAs(deps: WebDeps, token: string): string | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const email = deps.signIns.sessionEmail(token, deps.ctx.clock.now().toISOString());
  return email && deps.ctx.config.commissionerEmails.includes(email) ? email : null;
}
