/** `complaint-desk templates preview NAME`: render a letter with sample data, for template editors. */
import { LetterRenderer, type Lang } from './render.js';
import { TEMPLATES_DIR } from '../paths.js';
import { taggedSubject } from '../domain/case-number.js';

const SAMPLE: Record<string, unknown> = {
  caseNumber: 'KL-2026-0007',
  letterDate: '2026-11-25',
  receivedDate: '2026-11-23',
  complaintSubject: 'Klacht over de behandeling op 12 november',
  klagerName: 'Jan Jansen',
  klagerEmail: 'jan.jansen@example.nl',
  practiceName: 'Praktijk LUX',
  commissionerName: 'M. Roozmond',
  deadlines: {
    ack: { kind: 'ack', date: '2026-12-07', wd: 10, status: 'met' },
    present: { kind: 'present', date: '2026-12-09', wd: 10, status: 'open' },
    handle: { kind: 'handle', date: '2027-01-08', wd: 30, status: 'open' },
  },
  deadline: { kind: 'ack', date: '2026-12-07', wd: 10, status: 'met' },
  nextDeadline: { kind: 'present', date: '2026-12-09', wd: 10, status: 'open' },
  held: false,
  complaintText: 'Geachte klachtencommissaris,\n\nIk wil een klacht indienen over ...\n\nMet vriendelijke groet,\nJan Jansen',
  mailText: 'Aanvullende informatie bij mijn klacht.',
  mailSubject: 'Re: [KL-2026-0007] Ontvangstbevestiging van uw klacht',
  fromName: 'Jan Jansen',
  fromEmail: 'jan.jansen@example.nl',
  fromRole: 'klager',
  reasonText: 'reply to a letter of this case',
  attachments: [{ filename: 'factuur.pdf', sizeKb: 84 }],
  reason: 'message could not be parsed',
  sizeKb: 12,
  quarantineMailbox: 'Klachten/Quarantaine',
  blob: '3f9a0c1d2e4b5a6c',
};

export function previewLetter(name: string, lang: Lang, format: 'text' | 'html'): string {
  const letter = new LetterRenderer(TEMPLATES_DIR).render(name, lang, SAMPLE);
  const subject = taggedSubject(name === 'quarantine-notice' ? null : (SAMPLE.caseNumber as string), letter.subject);
  return format === 'html' ? letter.html : `Subject: ${subject}\n\n${letter.text}`;
}
