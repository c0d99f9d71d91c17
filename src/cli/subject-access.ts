/**
 * `complaint-desk subject-access EMAIL --output FILE [--answered]`: an access request (AVG art.
 * 15). Logs the request with its term (one calendar month) unless one is open for the address,
 * writes the export (PDF) and notes that it was produced. The request stays open, and in the
 * commissioner's digest, until it is marked answered (`--answered`, once she has checked who is
 * asking and sent the export): see the README.
 */
import { CliError } from '../errors/index.js';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { localDateOf } from '../domain/calendar.js';
import { addMonths } from '../domain/retention.js';
import { buildAccessExport } from '../export/subject-access-model.js';
import { renderDossierPdf } from '../export/dossier-pdf.js';
import { LetterRenderer } from '../mail-out/render.js';
import { TEMPLATES_DIR } from '../paths.js';
import { Store } from '../store/store.js';
import { type Output } from './common.js';

export async function runSubjectAccess(config: Config, email: string, opts: { output: string; answered?: boolean }, out: Output, clock: Clock = systemClock): Promise<void> {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address)) throw new CliError(`'${email}' is not an e-mail address`, 2);
  const store = Store.open(config.dataDir);
  try {
    const now = clock.now();
    const repo = store.holds;
    const request = repo.openAccessRequest(address) ?? repo.openAccessRequests().find((r) => r.id === store.tx(() => repo.logAccessRequest({
      email: address, at: now.toISOString(), by: 'cli', dueDate: addMonths(localDateOf(now, config.timeZone), 1), messageRef: null,
    })))!;
    const exp = buildAccessExport({
      store, renderer: new LetterRenderer(TEMPLATES_DIR, config.practices), timeZone: config.timeZone, practiceName: config.practiceName,
      commissionerName: config.commissionerName, commissionerEmails: config.commissionerEmails, mailFrom: config.mailFrom, now,
    }, address);
    const pdf = await renderDossierPdf(exp.dossier, config.timeZone, { title: 'Inzage in uw gegevens' });
    writeFileSync(opts.output, pdf);
    store.tx(() => {
      repo.markExported(request.id, now.toISOString(), createHash('sha256').update(pdf).digest('hex'));
      if (opts.answered) repo.markAnswered(request.id, now.toISOString(), 'cli');
    });
    out.write(`access request of ${address} (due ${request.due_date}): ${exp.cases.length} case(s), ${exp.dossier.documents.length} documents written to ${opts.output}; `
      + `${opts.answered ? 'marked answered' : 'still open: run again with --answered once it is sent'}\n`);
  } finally {
    store.close();
  }
}
