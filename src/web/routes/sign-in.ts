/**
 * Signing in: the commissioner gives her address and gets a one-time link by mail (through the
 * outbox, like every letter), valid LINK_MINUTES and once. Every address gets the same answer, so
 * the form tells nobody who may sign in. The link opens a page with one button that uses it up,
 * so a mail scanner that fetches links does not spend it; using it starts a session.
 */
import { localDateOf } from '../../domain/calendar.js';
import { writeLetter } from '../../use-cases/write-letter.js';
import { readForm, redirect, sameOrigin, sendHtml, sessionCookie } from '../http.js';
import { newToken } from '../sign-in-repo.js';
import { notice } from '../notice.js';
import type { Route, WebCall, WebDeps } from '../types.js';

export const LINK_MINUTES = 15;
/** At most this many links per address per LINK_MINUTES: the form cannot be used to flood her mailbox. */
const LINKS_PER_WINDOW = 5;

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
  if (!deps.ctx.config.commissionerEmails.includes(email)) return;
  setImmediate(() => {
    try {
      mailLink(deps, email);
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'could not write a sign-in link');
    }
  });
};

function mailLink(deps: WebDeps, email: string): void {
  const { ctx } = deps;
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + LINK_MINUTES * 60_000);
  const written = ctx.store.tx(() => {
    if (deps.signIns.linksSince(email, new Date(now.getTime() - LINK_MINUTES * 60_000).toISOString()) >= LINKS_PER_WINDOW) return false;
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
    return true;
  });
  if (written) ctx.outboxChanged();
  else deps.log.warn('sign-in link not sent: too many asked for this address in the last minutes');
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
