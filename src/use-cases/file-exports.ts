/**
 * The PDFs the commissioner asks for by mail (issue 17): a case's dossier (#dossier) and an
 * access export (#inzage). Made inside the command's transaction (renderDossierPdfSync) and
 * stored as a blob, content-addressed like the attachments of inbound mail, so that the letter
 * that carries it is an ordinary outbox row with an `attach` entry and a retried send attaches
 * the very same bytes. A transaction that rolls back leaves at most an unreferenced blob.
 */
import { buildDossier, type DossierDeps } from '../export/dossier-model.js';
import { renderDossierPdfSync } from '../export/dossier-pdf.js';
import { buildAccessExport, type AccessExport } from '../export/subject-access-model.js';
import type { AttachSpec } from '../mail-out/attachments.js';
import type { AppContext } from './context.js';

export interface StoredPdf {
  sha256: string;
  size: number;
  attach: AttachSpec;
}

function depsOf(ctx: AppContext): DossierDeps {
  const c = ctx.config;
  return {
    store: ctx.store, renderer: ctx.renderer, timeZone: c.timeZone, practiceName: c.practiceName, commissionerName: c.commissionerName,
    commissionerEmails: c.commissionerEmails, mailFrom: c.mailFrom, now: ctx.clock.now(),
  };
}

function store(ctx: AppContext, pdf: Buffer, filename: string): StoredPdf {
  const sha256 = ctx.store.blobs.put(pdf);
  return { sha256, size: pdf.length, attach: { kind: 'blob', sha256, filename, contentType: 'application/pdf' } };
}

/** The case's whole file as a PDF, stored; with the dossier's document count and head hash. */
export function storeDossierPdf(ctx: AppContext, caseNumber: string): StoredPdf & { documents: number; headHash: string } {
  const dossier = buildDossier(depsOf(ctx), caseNumber);
  const pdf = renderDossierPdfSync(dossier, ctx.config.timeZone);
  return { ...store(ctx, pdf, `dossier-${dossier.caseNumber}.pdf`), documents: dossier.documents.length, headHash: dossier.headHash };
}

/** The access export for `email` as a PDF, stored. */
export function storeAccessPdf(ctx: AppContext, email: string): StoredPdf & { export: AccessExport } {
  const exp = buildAccessExport(depsOf(ctx), email);
  const pdf = renderDossierPdfSync(exp.dossier, ctx.config.timeZone, { title: 'Inzage in uw gegevens' });
  const safe = email.replace(/[^a-z0-9._-]+/gi, '_');
  return { ...store(ctx, pdf, `inzage-${safe}.pdf`), export: exp };
}
