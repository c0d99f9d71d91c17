/**
 * The case file as it leaves the desk (issue 17): its facts, every document numbered in date
 * order with date, sender, recipients, type and text, the terms with every move, the verslag and
 * the head of the case's chain. The PDF and the zip are made from this; so is the access export,
 * which passes a filter (src/export/subject-access-model.ts). Read-only.
 */
import { localDateOf } from '../domain/calendar.js';
import type { LetterRenderer } from '../mail-out/render.js';
import type { Store } from '../store/store.js';

export type DocumentType = 'klacht' | 'reactie' | 'brief' | 'correspondentie' | 'notitie' | 'verslag';

export interface Person { name: string; email: string; role: string }

export interface DossierDocument {
  /** 1-based, in date order. */
  n: number;
  at: string;
  type: DocumentType;
  /** What it is more precisely: the letter's template, the mail's kind. */
  kind: string;
  subject: string;
  from: Person | null;
  to: Person[];
  text: string;
  /** Stored files: the original .eml (inbound) and attachments. */
  files: { role: 'eml' | 'attachment'; filename: string; contentType: string; sha256: string; size: number }[];
  messageRef: number | null;
}

export interface DossierTerm {
  kind: string; startDate: string; termWd: number; originalDueDate: string; dueDate: string; status: string; doneDate: string | null;
  moves: { origin: string; fromDate: string; toDate: string; workingDays: number; reason: string; at: string }[];
}

export interface Dossier {
  caseNumber: string;
  caseId: number;
  subject: string;
  state: string;
  outcome: string | null;
  receivedDate: string;
  closedDate: string | null;
  language: 'nl' | 'en';
  practiceName: string;
  commissionerName: string;
  parties: Person[];
  documents: DossierDocument[];
  terms: DossierTerm[];
  verslag: string | null;
  holds: { reason: string; untilDate: string | null; placedAt: string; liftedAt: string | null }[];
  headHash: string;
  events: number;
  exportedAt: string;
  /** What an access export left out, and why (empty for the commissioner's own export). */
  withheld: string[];
}

export interface DossierDeps {
  store: Store;
  renderer: LetterRenderer;
  timeZone: string;
  practiceName: string;
  commissionerName: string;
  commissionerEmails: readonly string[];
  mailFrom: string;
  now: Date;
}

const TYPE_OF_INBOUND: Record<string, DocumentType> = { complaint: 'klacht', response: 'reactie', appeal: 'klacht' };

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/** The whole file of the case numbered `number`. */
export function buildDossier(deps: DossierDeps, number: string): Dossier {
  const { store } = deps;
  const c = store.cases.byNumber(number.trim().toUpperCase());
  if (!c) throw new Error(`no case ${number}`);
  const parties = store.cases.parties(c.id).map((p) => ({ name: p.name, email: p.email, role: p.role }));
  const person = (email: string | null | undefined): Person | null => {
    if (!email) return null;
    const e = email.toLowerCase();
    const p = parties.find((x) => x.email.toLowerCase() === e);
    if (p) return p;
    if (deps.commissionerEmails.some((x) => x.toLowerCase() === e) || e === deps.mailFrom.toLowerCase()) {
      return { name: deps.commissionerName, email, role: 'klachtencommissaris' };
    }
    return { name: '', email, role: '' };
  };

  const docs: Omit<DossierDocument, 'n'>[] = [];
  const letters = new Map(store.outbox.byCase(c.id).map((l) => [l.message_id, l]));
  for (const m of store.messages.byCase(c.id)) {
    const files: DossierDocument['files'] = [];
    if (m.direction === 'in' && m.blob_sha256) files.push({ role: 'eml', filename: `${m.kind}.eml`, contentType: 'message/rfc822', sha256: m.blob_sha256, size: m.size });
    for (const a of store.messages.attachmentsOf(m.id)) files.push({ role: 'attachment', filename: a.filename, contentType: a.content_type, sha256: a.sha256, size: a.size });
    const to = parse<string[]>(m.to_addrs, []).map((t) => person(t)!).filter(Boolean);
    if (m.kind === 'verslag') {
      docs.push({ at: m.at, type: 'verslag', kind: 'verslag', subject: m.subject, from: person(deps.mailFrom), to: [], text: m.text ?? '', files, messageRef: m.id });
    } else if (m.direction === 'in') {
      const type = TYPE_OF_INBOUND[m.kind] ?? 'correspondentie';
      docs.push({ at: m.at, type, kind: m.kind, subject: m.subject, from: person(m.from_addr), to, text: m.text ?? '', files, messageRef: m.id });
    } else {
      const letter = m.message_id ? letters.get(m.message_id) : undefined;
      let text = '';
      if (letter) {
        try {
          text = deps.renderer.render(letter.template, letter.language, parse(letter.facts, {}), { practiceId: c.practice_id }).text;
        } catch {
          text = '(de tekst van deze brief kon niet opnieuw worden opgemaakt)';
        }
      }
      docs.push({ at: m.at, type: 'brief', kind: m.kind, subject: m.subject, from: person(deps.mailFrom), to, text, files, messageRef: m.id });
    }
  }
  for (const e of store.cases.events(c.id)) {
    if (e.type !== 'note') continue;
    const data = parse<{ text?: string }>(e.data, {});
    docs.push({ at: e.at, type: 'notitie', kind: 'note', subject: 'Interne notitie', from: person(e.actor), to: [], text: data.text ?? '', files: [], messageRef: null });
  }
  docs.sort((a, b) => a.at.localeCompare(b.at));

  const moves = store.deadlines.movesOf(c.id);
  const day = (iso: string | null) => (iso ? localDateOf(new Date(iso), deps.timeZone) : null);
  const terms = store.deadlines.ofCase(c.id).map((d) => {
    const mine = moves.filter((m) => m.deadline_id === d.id);
    return {
      kind: d.kind, startDate: d.start_date, termWd: d.term_wd, originalDueDate: mine[0]?.from_date ?? d.due_date, dueDate: d.due_date,
      status: d.status, doneDate: day(d.done_at),
      moves: mine.map((m) => ({ origin: m.origin, fromDate: m.from_date, toDate: m.to_date, workingDays: m.working_days, reason: m.reason, at: m.at })),
    };
  });
  const verslag = [...docs].reverse().find((d) => d.type === 'verslag')?.text ?? null;
  return {
    caseNumber: c.number, caseId: c.id, subject: c.subject, state: c.state, outcome: c.outcome, receivedDate: c.received_date,
    closedDate: day(c.closed_at), language: c.language, practiceName: deps.practiceName, commissionerName: deps.commissionerName,
    parties, documents: docs.map((d, i) => ({ ...d, n: i + 1 })), terms, verslag,
    holds: store.holds.ofCase(c.id).map((h) => ({ reason: h.reason, untilDate: h.until_date, placedAt: h.placed_at, liftedAt: h.lifted_at })),
    headHash: store.chain.head(c.id), events: store.chain.links(c.id).length,
    exportedAt: deps.now.toISOString(), withheld: [],
  };
}
