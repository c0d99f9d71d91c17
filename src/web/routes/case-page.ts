/**
 * GET /cases/KL-… : one case — its parties, the timeline of its terms (each deadline, its moves,
 * where today falls), what happened in order, and its file as text with downloadable attachments.
 */
import { localDateOf } from '../../domain/calendar.js';
import type { HoldRow } from '../../store/holds-repo.js';
import { calendarForCase } from '../../use-cases/case-calendar.js';
import { caseFile } from '../case-file-model.js';
import { sendHtml } from '../http.js';
import { notice } from '../notice.js';
import { shownOutcome } from '../outcome.js';
import { sortTerms, termView, timeline, type TermView, type TimelineEntry } from '../terms-timeline.js';
import type { Route, WebDeps } from '../types.js';

/** Events that only link a document into the case's hash chain (src/store/messages-repo.ts). */
const CHAIN_LINKS = new Set(['document', 'attachment']);

export const showCase: Route = (deps, call) => {
  const { ctx, views } = deps;
  const c = ctx.store.cases.byNumber(call.params[0]!);
  if (!c || c.state === 'purged') return sendHtml(call.res, 404, call.headers, notice(deps, 'not-found'));
  const tz = ctx.config.timeZone;
  const today = localDateOf(ctx.clock.now(), tz);
  const cal = calendarForCase(ctx, c.id);
  const moves = ctx.store.deadlines.movesOf(c.id);
  const terms = sortTerms(ctx.store.deadlines.ofCase(c.id).map((d) => termView(d, moves, today, cal, tz)));
  // The course tells what happened; the chain's links of every filed document and attachment
  // (for `verify`) are shown as the file itself, below.
  const events = ctx.store.cases.events(c.id).filter((e) => !CHAIN_LINKS.has(e.type));
  const entries = timeline(events, terms, today, tz).map((e) => ({
    ...e,
    ...(e.what === 'event' ? whatHappened(deps, e, c.outcome) : {}),
    label: e.what === 'event' ? eventLabel(deps, e.key) : e.what === 'today' ? views.ui('today') : views.deadline(e.kind ?? '', c.practice_id),
    what: e.what, isToday: e.what === 'today', isMove: e.what === 'move', isDue: e.what === 'due',
    originLabel: e.what === 'move' ? views.label('step', e.key) : '',
  }));
  sendHtml(call.res, 200, call.headers, views.render('case', {
    email: call.email, today,
    c: {
      number: c.number, subject: c.subject, state: views.label('state', c.state), receivedDate: c.received_date,
      outcome: shownOutcome(ctx, views, c), language: c.language,
      closedDate: c.closed_at ? localDateOf(new Date(c.closed_at), tz) : '',
      hold: holdView(ctx.store.holds.activeOn(today).get(c.id), tz),
    },
    parties: ctx.store.cases.parties(c.id).map((p) => ({ role: views.label('role', p.role), name: p.name, email: p.email })),
    terms: terms.map((t) => decorate(deps, t, c.practice_id)),
    timeline: entries,
    file: caseFile(ctx, c.id).map((f) => ({
      ...f, subjectParts: caseNumberParts(f.subject), isIn: f.direction === 'in', isOut: f.direction === 'out', kindLabel: f.direction === 'out' ? views.label('letter', f.kind) : views.ui(`kind.${f.kind}`, f.kind), statusLabel: views.ui(`status.${f.status}`, f.status),
      attachments: f.attachments.map((a) => ({ ...a, href: `/cases/${encodeURIComponent(c.number)}/attachments/${a.id}` })),
    })),
  }));
};

/**
 * A text cut around the case numbers in it, so the page can keep each number on one line
 * (class `cn`, white-space: nowrap); the text itself is unchanged, for copying.
 */
export function caseNumberParts(text: string): { subject: string; cn: boolean }[] {
  // The part's key is `subject`, so harmlessFields treats each part as the subject it is.
  const parts: { subject: string; cn: boolean }[] = [];
  let last = 0;
  for (const m of text.matchAll(/\b[A-Z][A-Z0-9]{0,7}-\d{4}-\d{4,}\b/g)) {
    if (m.index > last) parts.push({ subject: text.slice(last, m.index), cn: false });
    parts.push({ subject: m[0], cn: true });
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ subject: text.slice(last), cn: false });
  return parts;
}

/** The hold in force, for the case's head: since when, until when, and why. */
function holdView(h: HoldRow | undefined, tz: string) {
  return h ? { reason: h.reason, until: h.until_date ?? '', placedDate: localDateOf(new Date(h.placed_at), tz) } : null;
}

function decorate(deps: WebDeps, t: TermView, practiceId: string | null) {
  const { views } = deps;
  return {
    ...t,
    label: views.deadline(t.kind, practiceId),
    statusLabel: views.label('deadlineStatus', t.status),
    positionLabel: views.ui(`position.${t.position}`),
    moves: t.moves.map((m) => ({ ...m, originLabel: views.label('step', m.origin) })),
    isOpen: t.status === 'open', isOverdue: t.position === 'overdue', isDueToday: t.position === 'due-today',
    isRunning: t.position === 'running', isNotStarted: t.position === 'not-started',
  };
}

/**
 * What a step of the course decided, in the page's language: the outcome of a ruling and of the
 * closing step (a closed case's outcome, or that it was no complaint or withdrawn), what a
 * dismissal or withdrawal meant, and the reason given with it.
 */
function whatHappened(deps: WebDeps, e: TimelineEntry, caseOutcome: string | null): { outcome?: string; info?: string; detail?: string } {
  const { views } = deps;
  const data = e.data ?? {};
  const text = (k: string) => (typeof data[k] === 'string' && data[k] ? (data[k] as string) : undefined);
  switch (e.key) {
    case 'decide':
    case 'decide-appeal':
      return { outcome: text('outcome') ? views.label('outcome', text('outcome')!) : undefined };
    case 'close': {
      const ended = e.fromState === 'dismissed' || e.fromState === 'withdrawn' ? e.fromState : null;
      const outcome = ended ? views.label('state', ended) : caseOutcome ? views.label('outcome', caseOutcome) : undefined;
      const reason = text('reason');
      const auto = reason && views.ui(`closeReason.${reason}`, '') ? views.ui(`closeReason.${reason}`) : undefined;
      return { outcome, info: auto, detail: auto ? undefined : reason };
    }
    case 'dismiss':
      return { info: views.ui('dismissed.info'), detail: text('reason') };
    case 'withdraw':
      return { info: views.ui('withdrawn.info') };
    case 'admit-appeal':
    case 'reject-appeal':
      return { detail: text('reason') };
    default:
      return {};
  }
}

function eventLabel(deps: WebDeps, type: string): string {
  const step = deps.views.label('step', type);
  return step !== type ? step : deps.views.ui(`event.${type}`, type);
}
