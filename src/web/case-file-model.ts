/**
 * A case's file as the case page shows it: every message in, every letter out and every stored
 * document, oldest first, each as text. Inbound mail shows the readable text stored when it was
 * filed (mailparser's text, or text derived from its HTML), never its HTML; letters are rendered
 * again from their outbox row to their plain-text part. Letters not (yet) sent are listed with
 * their status. Read-only.
 */
import type { AppContext } from '../use-cases/context.js';
import { practiceOf } from '../use-cases/practice-of.js';
import type { MessageRow } from '../store/messages-repo.js';
import type { OutboxRow } from '../store/outbox-repo.js';

export interface FileAttachment { id: number; filename: string; contentType: string; sizeKb: number }

export interface FileItem {
  direction: 'in' | 'out' | 'document';
  kind: string;
  at: string;
  from: string;
  to: string;
  subject: string;
  status: string;
  text: string;
  attachments: FileAttachment[];
}

/** "2026-11-25 14:03" in the configured time zone. */
export function localDateTime(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}`;
}

export function caseFile(ctx: AppContext, caseId: number): FileItem[] {
  const tz = ctx.config.timeZone;
  const letters = new Map(ctx.store.outbox.byCase(caseId).map((l) => [l.message_id, l]));
  const items: { at: string; item: FileItem }[] = [];
  const sent = new Set<string>();
  for (const m of ctx.store.messages.byCase(caseId)) {
    const letter = m.direction === 'out' && m.message_id ? letters.get(m.message_id) : undefined;
    if (letter) sent.add(letter.message_id);
    items.push({ at: m.at, item: fromMessage(ctx, m, letter, tz) });
  }
  for (const l of letters.values()) {
    if (sent.has(l.message_id)) continue;
    items.push({ at: l.created_at, item: { ...fromLetter(ctx, l, tz), status: l.status } });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at)).map((x) => x.item);
}

function fromMessage(ctx: AppContext, m: MessageRow, letter: OutboxRow | undefined, tz: string): FileItem {
  if (letter) return { ...fromLetter(ctx, letter, tz), at: localDateTime(m.at, tz), subject: m.subject, status: m.status };
  return {
    direction: m.direction === 'in' ? 'in' : 'document',
    kind: m.kind, at: localDateTime(m.at, tz), from: m.from_addr ?? '', to: toList(m.to_addrs), subject: m.subject,
    status: m.status, text: m.text ?? '', attachments: attachmentsOf(ctx, m.id),
  };
}

function fromLetter(ctx: AppContext, l: OutboxRow, tz: string): FileItem {
  let subject = '';
  let text = '';
  try {
    const r = ctx.renderer.render(l.template, l.language, JSON.parse(l.facts) as Record<string, unknown>, { practiceId: l.case_id ? practiceOf(ctx, l.case_id)?.id : undefined });
    subject = r.subject;
    text = r.text;
  } catch {
    // A template renamed or removed since: the letter stays listed, without its text.
  }
  return {
    direction: 'out', kind: l.template, at: localDateTime(l.created_at, tz), from: ctx.config.mailFrom, to: l.to_addr,
    subject, status: l.status, text, attachments: [],
  };
}

function toList(json: string): string {
  try {
    return (JSON.parse(json) as string[]).join(', ');
  } catch {
    return '';
  }
}

function attachmentsOf(ctx: AppContext, messageRef: number): FileAttachment[] {
  return ctx.store.messages.attachmentsOf(messageRef).map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, sizeKb: Math.max(1, Math.round(a.size / 1024)) }));
}
