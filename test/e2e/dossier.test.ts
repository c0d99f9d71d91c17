/**
 * The file leaves the desk (issue 17): a case walked through the whole procedure by mail on the
 * real stack is exported as a PDF and a zip. The PDF's text (extracted with pdf.js) holds the
 * index in date order and every document; the zip's manifest matches its files; the first pages
 * are rendered to test/artifacts/ with pdftoppm. Then `verify` passes on the walked case, names
 * the event after an UPDATE of one event row and the document after one byte of a blob changed,
 * and passes again after the retention purge.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import yauzl from 'yauzl';
import type { Stack } from '../../tools/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import { runCasesExport } from '../../src/cli/cases-export.js';
import { runVerify } from '../../src/cli/verify.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { Store } from '../../src/store/store.js';
import { purgeCases } from '../../src/use-cases/purge-cases.js';
import type { AppContext } from '../../src/use-cases/context.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, removeDir, startTestService, startTestStack, testConfig, waitForInbox, type TestService,
} from '../support/harness.js';

const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');

/** The text of each page, with pdf.js (legacy build, the one for Node). */
async function pdfPages(file: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), useSystemFonts: false });
  const pdf = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? `${it.str}${it.hasEOL ? '\n' : ' '}` : '')).join(''));
  }
  await task.destroy();
  return pages;
}

function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const out = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const sink = () => {
  let text = '';
  return { write: (s: string) => (text += s), get text() { return text; } };
};

describe('e2e: the dossier export and the tamper-evident record', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService | null = null;
  let number = '';
  let dataDir = '';

  before(async () => {
    stack = await startTestStack();
  });
  after(async () => {
    if (svc) await svc.stop();
    if (dataDir) removeDir(dataDir);
    await stack?.stop();
  });

  async function says(subject: string, body = ''): Promise<void> {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
  }

  it('a case walked through the procedure is exported as a PDF (index in date order, every document) and a zip whose manifest matches', async () => {
    svc = await startTestService(stack);
    dataDir = svc.dataDir;
    const complaintId = `dossier-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({
      fromName: 'José Müller', subject: 'Onheuse bejegening bij de balie', messageId: complaintId,
      text: 'Geachte mevrouw,\r\n\r\nOp 12 november ben ik bij de balie onheus bejegend. Ik heb dat daarna ook per brief gemeld; zie de bijlage.\r\n\r\nMet vriendelijke groet,\r\nJosé Müller',
      attachment: { filename: 'brief-aan-praktijk.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 bewijsstuk\n') },
    }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === complaintId);
    number = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    await says(`[${number}] #beklaagde Piet Pieters <beklaagde@example.test>`);
    const [request] = await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${number}]`));
    const responseId = `resp-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from: 'beklaagde@example.test', fromName: 'Piet Pieters', subject: `Re: ${request!.subject}`, messageId: responseId,
      inReplyTo: request!.messageId!, text: 'Ik herken mij niet in de klacht. Het was die ochtend erg druk.' }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === responseId);
    await says(`[${number}] #notitie beide partijen bellen vóór de hoorzitting`);
    await says(`[${number}] #verleng 5 ziekte van de commissaris`);
    await says(`[${number}] #hoorzitting ${addDays(localDateOf(new Date(), 'Europe/Amsterdam'), 14)} 10:00 apart Praktijk LUX`);
    await says(`[${number}] #uitspraak deels-gegrond zonder-hoorzitting`, 'De toon aan de balie was niet in orde; de drukte verklaart veel maar niet alles.');
    await says(`[${number}] #sluit`);
    const store = svc.service.ctx.store;
    await eventually(() => (store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');

    mkdirSync(ARTIFACTS, { recursive: true });
    const pdfFile = join(ARTIFACTS, `dossier-${number}.pdf`);
    const out = sink();
    await runCasesExport(svc.config, number, { output: pdfFile }, out);
    expect(out.text).to.include(`${number}:`);

    const pages = await pdfPages(pdfFile);
    const all = pages.join('\n');
    expect(pages[0]).to.include(`Dossier ${number}`).and.include('Inhoud').and.include('José Müller');
    // Every document of the file is in the index and in the body, in date order.
    const c = store.cases.byNumber(number)!;
    const messages = store.messages.byCase(c.id);
    const notes = store.cases.events(c.id).filter((e) => e.type === 'note');
    expect(messages.length).to.be.greaterThan(8);
    const docCount = messages.length + notes.length;
    const joined = pages.join(' ').replace(/\s+/g, ' ');
    const indexText = joined.slice(joined.indexOf('Inhoud Nr Datum'), joined.indexOf('Daarna: de termijnen'));
    const indexDates = [...indexText.matchAll(/(?:^| )(\d{1,3}) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) /g)].map((m) => ({ n: Number(m[1]), at: m[2]! }));
    expect(indexDates.map((x) => x.n)).to.deep.equal(Array.from({ length: docCount }, (_, i) => i + 1));
    expect([...indexDates.map((x) => x.at)].sort()).to.deep.equal(indexDates.map((x) => x.at));
    for (const s of ['Op 12 november ben ik bij de balie onheus bejegend', 'Ik herken mij niet in de klacht', 'beide partijen bellen vóór de hoorzitting',
      'De toon aan de balie was niet in orde', 'VERSLAG VAN DE KLACHTBEHANDELING', 'Kopwaarde van het dossier', 'Termijnen', 'Verschuivingen', 'ziekte van de commissaris', 'brief-aan-praktijk.pdf']) {
      expect(all.replace(/\s+/g, ' '), s).to.include(s);
    }
    for (let n = 1; n <= docCount; n++) expect(all, `document ${n}`).to.match(new RegExp(`(^|\\n)\\s*${n}\\. (Klacht|Reactie|Brief|Correspondentie|Notitie|Verslag)`));
    expect(all).to.include(store.db.prepare('SELECT hash FROM events WHERE case_id = ? ORDER BY id DESC LIMIT 1').pluck().get(c.id) as string);

    // Screenshots of the first pages, for a person to look at.
    const png = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdfFile, join(ARTIFACTS, `dossier-${number}`)], { encoding: 'utf8' });
    if (png.error) console.warn(`      pdftoppm unavailable (${png.error.message}): no screenshots; the text was checked all the same`);
    else {
      expect(png.status, png.stderr).to.equal(0);
      expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith(`dossier-${number}`) && f.endsWith('.png')).length).to.be.greaterThan(0);
    }

    const zipFile = join(ARTIFACTS, `dossier-${number}.zip`);
    await runCasesExport(svc.config, number, { output: zipFile, format: 'zip' }, sink());
    const files = await unzip(zipFile);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { headHash: string; files: { path: string; sha256: string; size: number }[] };
    expect([...files.keys()].filter((k) => k !== 'manifest.json').sort()).to.deep.equal(manifest.files.map((f) => f.path).sort());
    for (const f of manifest.files) {
      expect(createHash('sha256').update(files.get(f.path)!).digest('hex'), f.path).to.equal(f.sha256);
      expect(files.get(f.path)!.length).to.equal(f.size);
    }
    const emls = manifest.files.filter((f) => f.path.startsWith('mail/'));
    expect(emls.length).to.equal(messages.filter((m) => m.direction === 'in' && m.blob_sha256).length);
    expect(manifest.files.some((f) => f.path.startsWith('bijlagen/') && f.path.endsWith('brief-aan-praktijk.pdf'))).to.equal(true);
    expect(files.get(`${number}-dossier.pdf`)!.subarray(0, 5).toString()).to.equal('%PDF-');
  });

  it('#dossier by mail: the commissioner receives the PDF dossier in a letter to her alone, and no party receives anything', async () => {
    const store = svc!.service.ctx.store;
    const parties = ['klager', 'beklaagde'];
    const before = await Promise.all(parties.map(async (u) => (await listMailbox(stack, u, 'INBOX')).length));
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject: `[${number}] #dossier`, messageId }));
    const answers = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId, 2);
    const mails = await Promise.all(answers.map((m) => simpleParser(m.raw)));
    const letter = mails.find((m) => m.attachments.length > 0)!;
    expect(letter, 'a letter with the PDF').to.not.equal(undefined);
    expect(letter.subject).to.include(`Dossier van zaak ${number}`);
    expect(letter.to && 'text' in letter.to ? letter.to.text : '').to.include(COMMISSIONER);
    expect(letter.cc ?? null).to.equal(null);
    expect(letter.bcc ?? null).to.equal(null);
    const [pdf] = letter.attachments;
    expect(pdf!.filename).to.equal(`dossier-${number}.pdf`);
    expect(pdf!.contentType).to.equal('application/pdf');
    const file = join(ARTIFACTS, `dossier-by-mail-${number}.pdf`);
    writeFileSync(file, pdf!.content);
    const pages = await pdfPages(file);
    expect(pages[0]).to.include(`Dossier ${number}`).and.include('Inhoud');
    expect(pages.join(' ').replace(/\s+/g, ' ')).to.include('beide partijen bellen vóór de hoorzitting'); // her internal note: hers only
    // The PDF is stored as a blob, and its hash is in the chain.
    const c = store.cases.byNumber(number)!;
    const event = store.cases.events(c.id).find((e) => e.type === 'dossier-sent')!;
    expect(JSON.parse(event.data).sha256).to.equal(createHash('sha256').update(pdf!.content).digest('hex'));
    expect(store.blobs.get(JSON.parse(event.data).sha256).equals(pdf!.content)).to.equal(true);
    // No party got anything: every letter since is to the commissioner, and the parties' inboxes did not grow.
    await eventually(() => (store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');
    const letters = store.db.prepare(`SELECT recipient_role, to_addr FROM outbox WHERE template = 'dossier-for-commissioner'`).all();
    expect(letters).to.deep.equal([{ recipient_role: 'commissioner', to_addr: COMMISSIONER }]);
    const after = await Promise.all(parties.map(async (u) => (await listMailbox(stack, u, 'INBOX')).length));
    expect(after).to.deep.equal(before);
  });

  it('verify passes on the walked case, names the event after an UPDATE of one event row and the document after one byte of a blob, and passes after a purge', async () => {
    await svc!.stop();
    svc = null;
    const copy = (name: string) => {
      const dir = mkdtempSync(join(tmpdir(), `cd-verify-${name}-`));
      cpSync(dataDir, dir, { recursive: true });
      return dir;
    };
    const base = testConfig(stack, dataDir);
    const config = (dir: string) => ({ ...base, dataDir: dir });

    const ok = sink();
    expect(runVerify(base, number, {}, ok), ok.text).to.equal(0);
    expect(ok.text).to.include(`${number}  OK`);

    // An UPDATE of one event row (by someone who holds the database and drops the trigger).
    const d1 = copy('event');
    const s1 = Store.open(d1);
    const target = s1.db.prepare(`SELECT id FROM events WHERE type = 'decide'`).pluck().get() as number;
    s1.db.exec('DROP TRIGGER events_append_only');
    s1.db.prepare(`UPDATE events SET data = '{"outcome":"ongegrond"}' WHERE id = ?`).run(target);
    s1.close();
    const bad1 = sink();
    expect(runVerify(config(d1), number, {}, bad1)).to.equal(1);
    expect(bad1.text).to.include(`first broken link: event #${target} `).and.include(`'decide'`).and.include('content');
    removeDir(d1);

    // One byte of one stored file.
    const d2 = copy('blob');
    const s2 = Store.open(d2);
    const msg = s2.db.prepare(`SELECT id, blob_sha256 FROM messages WHERE kind = 'complaint'`).get() as { id: number; blob_sha256: string };
    const path = s2.blobs.pathOf(msg.blob_sha256);
    s2.close();
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    writeFileSync(path, bytes);
    const bad2 = sink();
    expect(runVerify(config(d2), number, {}, bad2)).to.equal(1);
    expect(bad2.text).to.include(`document #${msg.id} (complaint`).and.include('was changed');
    removeDir(d2);

    // After the retention purge (24 months and a day later) the chain still verifies.
    const d3 = copy('purge');
    const s3 = Store.open(d3);
    const later = new Date(Date.now() + (731 + 1) * 24 * 3600 * 1000);
    const ctx = { config: config(d3), store: s3, clock: fixedClock(later), log: (await import('../../src/logger.js')).createLogger('silent') } as unknown as AppContext;
    const { calendarFor } = await import('../../src/app-context.js');
    (ctx as { calendar: unknown }).calendar = calendarFor(ctx.config);
    const report = await purgeCases(ctx, null);
    expect(report.failed).to.deep.equal([]);
    expect(report.cases.map((x) => x.caseNumber)).to.deep.equal([number]);
    s3.close();
    const after = sink();
    expect(runVerify(config(d3), number, {}, after), after.text).to.equal(0);
    expect(after.text).to.include(`${number}  OK`).and.match(/\d+ events purged \(content removed, hashes kept\) on \d{4}-/);
    removeDir(d3);
  });
});
