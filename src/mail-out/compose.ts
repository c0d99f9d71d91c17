/**
 * Turn an outbox row and its rendered text into a nodemailer message: our From and Reply-To,
 * the tag in the subject, the deterministic Message-ID, threading headers, and the headers that
 * keep other robots from answering (Auto-Submitted, X-Auto-Response-Suppress) and let us know
 * our own letters when they come back (X-Loop). No user input goes into the envelope or raw headers.
 */
import type { SendMailOptions } from 'nodemailer';
import { loopMarkerFor } from '../domain/classify.js';
import { taggedSubject } from '../domain/case-number.js';
import type { OutboxRow } from '../store/outbox-repo.js';
import type { LetterSpec } from './letters.js';
import type { RenderedLetter } from './render.js';

export interface ComposeContext {
  mailFrom: string;
  mailboxAddress: string;
  fromName: string;
  caseNumber: string | null;
}

const angle = (id: string) => `<${id}>`;

export function composeMail(row: OutboxRow, letter: RenderedLetter, spec: LetterSpec, ctx: ComposeContext): SendMailOptions {
  const refs = (JSON.parse(row.refs) as string[]).filter(Boolean);
  return {
    from: { name: ctx.fromName.replace(/[\r\n"]+/g, ' '), address: ctx.mailFrom },
    to: row.to_addr,
    replyTo: ctx.mailboxAddress,
    subject: taggedSubject(ctx.caseNumber, letter.subject),
    messageId: angle(row.message_id),
    inReplyTo: row.in_reply_to ? angle(row.in_reply_to) : undefined,
    references: refs.length ? refs.map(angle) : undefined,
    date: new Date(),
    text: letter.text,
    html: letter.html,
    envelope: { from: ctx.mailFrom, to: [row.to_addr] },
    headers: {
      'Auto-Submitted': spec.autoSubmitted,
      'X-Auto-Response-Suppress': 'All',
      'X-Loop': loopMarkerFor(ctx.mailboxAddress),
    },
  };
}
