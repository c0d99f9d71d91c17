/**
 * Signing in: the commissioner gives her address and gets a one-time link by mail (through the
 * outbox, like every letter), valid LINK_MINUTES and once. Every address gets the same answer, so
 * the form tells nobody who may sign in. The link opens a page with one button that uses it up,
 * so a mail scanner that fetches links does not spend it; using it starts a session.
 */
import { localDateOf } from '../../domain/calendar.js';
import { writeLetter } from '../../use-cases/write-letter.js';
import { clientAddress, readForm, redirect, sameOrigin, sendHtml, sessionCookie } from '../http.js';
import { clientHash, newToken } from '../../store/sign-in-repo.js';
import { notice } from '../notice.js';
import type { Route, WebCall, WebDeps } from '../types.js';

export const LINK_MINUTES = 15;
/**
 * The limits, per LINK_MINUTES. Per client (any address it asks for): one client cannot use up
 * her links, so a stranger hammering the form does not lock her out from her own browser. Per
 * address, higher: the form cannot be used to flood her mailbox; only many clients together
 * reach it, and then she is told (SIGN_IN_REFUSED_NOTICE_HOURS).
 */
export const LINKS_PER_CLIENT = 3;
export const LINKS_PER_ADDRESS = 10;
/** At most one notice of refused links per address in this many hours: the notice is no flood itself. */
export const REFUSED_NOTICE_HOURS = 1;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const showSignIn: Route = (deps, call) => {
  if (call.email) return redirect(call.res, call.headers, '/');
  sendHtml(call.res, 200, call.headers, deps.views.render('sign-in', {}));
};

export const requestLink: Route = async (deps, call) => {
  if (!sameOrigin(call.req, deps.baseUrl)) return refuseForeign(deps, call);
  const form = await readForm(call.req);
  const email = (form?.get('email') ?? '').trim().toLowerCase();
  // Answer first, the same page for every address; the letter is decided after.
  sendHtml(call.res, 200, call.headers, deps.views.render('sign-in-sent', { minutes: LINK_MINUTES }));
  const client = clientHash(clientAddress(call.req));
  setImmediate(() => {
    try {
      mailLink(deps, email, client);
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'could not write a sign-in link');
    }
  });
};

/** Count the request; for a commissioner's address write the link, or the refusal notice when over a limit. */
function mailLink(deps: WebDeps, email: string, client: string): void {
  const { ctx } = deps;
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + LINK_MINUTES * 60_000);
  const windowStart = new Date(now.getTime() - LINK_MINUTES * 60_000).toISOString();
  const written = ctx.store.tx((): 'link' | 'refused' | 'none' => {
    // Counted before the address is looked at: asking for strangers' addresses uses up the client's share too.
    const byClient = deps.signIns.requestsSince(client, windowStart);
    deps.signIns.addRequest(client, now.toISOString());
    if (!ctx.config.commissionerEmails.includes(email)) return 'none';
    if (byClient >= LINKS_PER_CLIENT || deps.signIns.linksSince(email, windowStart) >= LINKS_PER_ADDRESS) {
      return refusalNotice(deps, email, now, byClient >= LINKS_PER_CLIENT ? 'client' : 'address') ? 'refused' : 'none';
    }
    const token = newToken();
    const loginUrl = new URL(`/sign-in/link?t=${token}`, deps.baseUrl).href;
    const letter = writeLetter(ctx, {
      caseId: null, caseNumber: null, template: 'login-link', role: 'commissioner', to: email, language: ctx.config.defaultLanguage,
      facts: {
        loginUrl, minutes: LINK_MINUTES, validUntil: timeOf(expires, ctx.config.timeZone),
        letterDate: localDateOf(now, ctx.config.timeZone),
        commissionerName: ctx.config.commissionerName, practiceName: ctx.config.practiceName,
      },
    });
    deps.signIns.addLink(token, email, letter.id, now.toISOString(), expires.toISOString());
    return 'link';
  });
  if (written !== 'none') ctx.outboxChanged();
  if (written === 'refused') deps.log.warn('sign-in link refused: over the limit; the commissioner is told');
}

/** Tell her links were refused, at most once per REFUSED_NOTICE_HOURS; whether a letter was written. */
function refusalNotice(deps: WebDeps, email: string, now: Date, limit: 'client' | 'address'): boolean {
  const { ctx } = deps;
  if (deps.signIns.refusalNoticeSince(email, new Date(now.getTime() - REFUSED_NOTICE_HOURS * 3_600_000).toISOString())) return false;
  writeLetter(ctx, {
    caseId: null, caseNumber: null, template: 'sign-in-refused', role: 'commissioner', to: email, language: ctx.config.defaultLanguage,
    facts: {
      byClient: limit === 'client', perClient: LINKS_PER_CLIENT, perAddress: LINKS_PER_ADDRESS, minutes: LINK_MINUTES,
      hours: REFUSED_NOTICE_HOURS, time: timeOf(now, ctx.config.timeZone), letterDate: localDateOf(now, ctx.config.timeZone),
      commissionerName: ctx.config.commissionerName, practiceName: ctx.config.practiceName,
    },
  });
  return true;
}

export const showLink: Route = (deps, call) => {
  const token = call.url.searchParams.get('t') ?? '';
  if (!TOKEN.test(token) || !deps.signIns.linkUsable(token, deps.ctx.clock.now().toISOString())) return refuseLink(deps, call);
  sendHtml(call.res, 200, call.headers, deps.views.render('sign-in-link', { token }));
};

export const useLink: Route = async (deps, call) => {
  if (!sameOrigin(call.req, deps.baseUrl)) return refuseForeign(deps, call);
  const token = (await readForm(call.req))?.get('t') ?? '';
  const now = deps.ctx.clock.now();
  const used = TOKEN.test(token) ? deps.ctx.store.tx(() => deps.signIns.useLink(token, now.toISOString())) : null;
  if (!used || !deps.ctx.config.commissionerEmails.includes(used.email)) return refuseLink(deps, call);
  const seconds = deps.sessionHours * 3600;
  const session = deps.signIns.startSession(used.email, now.toISOString(), new Date(now.getTime() + seconds * 1000).toISOString());
  deps.signIns.sweep(now.toISOString(), new Date(now.getTime() - 86_400_000).toISOString(), new Date(now.getTime() - LINK_MINUTES * 60_000).toISOString());
  deps.log.info('commissioner signed in to the web overview');
  redirect(call.res, call.headers, '/', { 'set-cookie': sessionCookie(call.secure, session, seconds) });
};

export const signOut: Route = (deps, call) => {
  if (!sameOrigin(call.req, deps.baseUrl)) return refuseForeign(deps, call);
  if (call.sessionToken) deps.signIns.endSession(call.sessionToken);
  redirect(call.res, call.headers, '/sign-in', { 'set-cookie': sessionCookie(call.secure, '', 0) });
};

function refuseLink(deps: WebDeps, call: WebCall): void {
  sendHtml(call.res, 410, call.headers, notice(deps, 'link-refused'));
}

function refuseForeign(deps: WebDeps, call: WebCall): void {
  call.req.resume();
  sendHtml(call.res, 403, call.headers, notice(deps, 'foreign'));
}

function timeOf(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('nl-NL', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}
