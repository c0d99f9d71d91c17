/** `complaint-desk cases export KL-… --output FILE [--format pdf|zip]`: the whole file of one case. Read-only. */
import { CliError } from '../errors/index.js';
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { buildDossier } from '../export/dossier-model.js';
import { renderDossierPdf } from '../export/dossier-pdf.js';
import { writeDossierZip } from '../export/dossier-zip.js';
import { LetterRenderer } from '../mail-out/render.js';
import { TEMPLATES_DIR } from '../paths.js';
import { openReadOnly, type Output } from './common.js';

export async function runCasesExport(config: Config, number: string, opts: { output: string; format?: string }, out: Output, clock: Clock = systemClock): Promise<void> {
  const format = (opts.format ?? 'pdf').toLowerCase();
  if (format !== 'pdf' && format !== 'zip') throw new CliError(`--format is pdf or zip, not '${format}'`, 2);
  const store = openReadOnly(config);
  try {
    let dossier;
    try {
      dossier = buildDossier({
        store, renderer: new LetterRenderer(TEMPLATES_DIR, config.practices), timeZone: config.timeZone, practiceName: config.practiceName,
        commissionerName: config.commissionerName, commissionerEmails: config.commissionerEmails, mailFrom: config.mailFrom, now: clock.now(),
      }, number);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const pdf = await renderDossierPdf(dossier, config.timeZone);
    if (format === 'pdf') writeFileSync(opts.output, pdf);
    else await writeDossierZip(dossier, pdf, store.blobs, opts.output);
    out.write(`${dossier.caseNumber}: ${dossier.documents.length} documents written to ${opts.output} (${format}); head hash ${dossier.headHash}\n`);
  } finally {
    store.close();
  }
}
