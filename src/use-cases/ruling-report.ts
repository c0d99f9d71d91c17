/**
 * The report (verslag, art. 12) of how a complaint was handled: parties, dates, every step with
 * its date and term, hearing, experts, the ruling and its grounds, and the appeal route with its
 * date. Built from the case file at the moment of the ruling, rendered from templates/{lang}/
 * verslag.*.hbs, and kept in the case file as a document (text and HTML).
 */
import type { AppContext } from './context.js';
import { localDateOf } from '../domain/calendar.js';
import { practiceOf, practiceOfCase } from './practice-of.js';

export interface ReportInput {
  outcome: string;
  grounds: string;
  /** The report of the ruling on an admitted appeal (art. 13): its own document, beside the first. */
  onAppeal?: boolean;
}

export function buildReport(ctx: AppContext, caseId: number, input: ReportInput): Record<string, unknown> {
  const { store } = ctx;
  const c = store.cases.get(caseId)!;
  const tz = ctx.config.timeZone;
  const events = store.cases.events(caseId);
  const day = (iso: string) => localDateOf(new Date(iso), tz);
  const steps = events
    .filter((e) => e.to_state || ['expert-added', 'deadline-moved', 'extension', 'absence'].includes(e.type))
    .map((e) => ({ date: day(e.at), step: e.type, state: e.to_state ?? '' }));
  const hearings = events.filter((e) => e.type === 'schedule-hearing').map((e) => JSON.parse(e.data) as Record<string, unknown>);
  // A ruling `zonder-hoorzitting` after the last #hoorzitting let that hearing lapse: the report
  // must not read as if it was held.
  const lastHearingAt = events.map((e) => e.type).lastIndexOf('schedule-hearing');
  const hearingLapsed = lastHearingAt >= 0 && events.slice(lastHearingAt + 1)
    .some((e) => (e.type === 'decide' || e.type === 'decide-appeal') && (JSON.parse(e.data) as { withoutHearing?: boolean }).withoutHearing === true);
  const deadlines = store.deadlines.ofCase(caseId).map((d) => ({
    kind: d.kind, start: d.start_date, date: d.due_date, wd: d.term_wd, ...(d.term_unit === 'weeks' ? { unit: 'weeks' } : {}), status: d.status, doneDate: d.done_at ? day(d.done_at) : '',
    inTime: d.done_at ? day(d.done_at) <= d.due_date : null,
  }));
  const parties = store.cases.parties(caseId);
  const practice = practiceOfCase(ctx, c);
  return {
    caseNumber: c.number,
    // The report names its practice, and (Wkkgz) where the klager can take the dispute (art. 18).
    practiceName: practice?.name ?? '',
    disputesBody: practice?.disputesBody ?? '',
    receivedDate: c.received_date,
    reportDate: localDateOf(ctx.clock.now(), tz),
    klager: parties.filter((p) => p.role === 'klager').map((p) => ({ name: p.name, email: p.email })),
    beklaagde: parties.filter((p) => p.role === 'beklaagde').map((p) => ({ name: p.name, email: p.email })),
    experts: parties.filter((p) => p.role === 'deskundige').map((p) => ({ name: p.name })),
    steps,
    deadlines,
    hearing: hearings.length ? { ...hearings.at(-1), lapsed: hearingLapsed } : null,
    outcome: input.outcome,
    grounds: input.grounds,
    appealDate: deadlines.find((d) => d.kind === 'appeal' && d.status === 'open')?.date ?? '',
    appealWd: ctx.config.terms.appealWd,
    // The head of the case's chain when the report was made (issue 17): whoever holds the report can
    // tell, with `complaint-desk verify`, whether the record behind it was altered since.
    headHash: store.chain.head(caseId),
    onAppeal: !!input.onAppeal,
    appealReceivedDate: dayOfEvent(events, 'appeal', day),
    appealAdmittedDate: dayOfEvent(events, 'admit-appeal', day),
    firstOutcome: input.onAppeal ? (JSON.parse(events.find((e) => e.type === 'decide')?.data ?? '{}') as { outcome?: string }).outcome ?? '' : '',
  };
}

function dayOfEvent(events: readonly { type: string; at: string }[], type: string, day: (iso: string) => string): string {
  const e = events.find((x) => x.type === type);
  return e ? day(e.at) : '';
}

/** Render the report and keep it in the case file as a stored document (text and HTML blobs). */
export function storeReport(ctx: AppContext, caseId: number, report: Record<string, unknown>, language: 'nl' | 'en'): number {
  const rendered = ctx.renderer.render('verslag', language, report, { practiceId: practiceOf(ctx, caseId)?.id });
  const nowIso = ctx.clock.now().toISOString();
  const textSha = ctx.store.blobs.put(Buffer.from(rendered.text, 'utf8'));
  const htmlSha = ctx.store.blobs.put(Buffer.from(rendered.html, 'utf8'));
  const ref = ctx.store.messages.insert({
    caseId, direction: 'out', messageId: null, kind: 'verslag', fromAddr: null, toAddrs: [], subject: rendered.subject,
    blobSha256: htmlSha, size: rendered.html.length, at: nowIso, status: 'stored', text: rendered.text,
  });
  const name = `verslag-${String(report.caseNumber)}${report.onAppeal ? '-beroep' : ''}`;
  ctx.store.messages.addAttachment(ref, { filename: `${name}.txt`, contentType: 'text/plain', size: Buffer.byteLength(rendered.text), sha256: textSha });
  ctx.store.messages.addAttachment(ref, { filename: `${name}.html`, contentType: 'text/html', size: Buffer.byteLength(rendered.html), sha256: htmlSha });
  return ref;
}
