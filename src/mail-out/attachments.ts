/**
 * Attachments a letter carries, described in its outbox facts as `attach` and made when it is
 * sent: files from the case's blob store (the complaint's attachments with the request for a
 * response, art. 6) and the hearing's calendar invitation (.ics, made with ical-generator so
 * that time zones, escaping and line folding follow RFC 5545).
 */
import { createRequire } from 'node:module';
import type { Attachment } from 'nodemailer/lib/mailer/index.js';
import type { BlobStore } from '../store/blobs.js';

/**
 * ical-generator, loaded at the first hearing invitation (most letters carry none, and a service
 * at rest sends nothing). Its CommonJS build, so that this synchronous code can load it.
 */
const require = createRequire(import.meta.url);
let icalGenerator: typeof import('ical-generator') | undefined;

export type AttachSpec =
  | { kind: 'blob'; sha256: string; filename: string; contentType: string }
  | { kind: 'ics'; start: string; minutes: number; place: string; caseNumber: string; sequence: number; summary?: string };

export interface AttachContext {
  blobs: BlobStore;
  organizer: { name: string; email: string };
  /** Stable UID domain for the invitation, so a rescheduled hearing updates the same calendar entry. */
  uidDomain: string;
  summary: string;
}

export function buildAttachments(specs: readonly AttachSpec[] | undefined, ctx: AttachContext): Attachment[] {
  return (specs ?? []).map((a) => (a.kind === 'blob' ? blobAttachment(a, ctx) : icsAttachment(a, ctx)));
}

function blobAttachment(a: Extract<AttachSpec, { kind: 'blob' }>, ctx: AttachContext): Attachment {
  return { filename: a.filename.replace(/[\r\n"\\/]+/g, '_'), contentType: a.contentType, content: ctx.blobs.get(a.sha256) };
}

/**
 * The hearing as METHOD:PUBLISH: an entry for the calendar, not an invitation to accept or decline.
 * A REQUEST promises that replies (iMIP REPLY) are read and answered, and ATTENDEE lines would
 * put both parties' addresses into each other's calendars; the desk reads no such replies, and a
 * party who cannot come answers the letter itself (art. 7: the commissioner decides).
 */
function icsAttachment(a: Extract<AttachSpec, { kind: 'ics' }>, ctx: AttachContext): Attachment {
  icalGenerator ??= require('ical-generator') as typeof import('ical-generator');
  const { default: ical, ICalCalendarMethod } = icalGenerator;
  const start = new Date(a.start);
  const cal = ical({ prodId: { company: 'complaint-desk', product: 'hoorzitting' }, method: ICalCalendarMethod.PUBLISH });
  cal.createEvent({
    id: `hearing-${a.caseNumber}@${ctx.uidDomain}`,
    sequence: a.sequence,
    start,
    end: new Date(start.getTime() + a.minutes * 60_000),
    summary: a.summary ?? ctx.summary,
    location: a.place || null,
    organizer: ctx.organizer,
  });
  return { filename: 'hoorzitting.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: cal.toString() };
}
