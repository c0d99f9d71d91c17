/**
 * Legal hold and access requests (issue 17) on a real SQLite store, with the commissioner's
 * commands entering as mail through receiveMessage and a clock the test moves.
 */
import { expect } from 'chai';
import { buildAccessExport } from '../../src/export/subject-access-model.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { formatPurgeReport, purgeCases } from '../../src/use-cases/purge-cases.js';
import { verifyCases } from '../../src/use-cases/verify-file.js';
import { caseDetail, formatCaseDetail } from '../../src/cli/cases-show.js';
import { localDateOf } from '../../src/domain/calendar.js';
import { buildAnnualReport, renderReport } from '../../src/annual-report/build-report.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import { caseList } from '../../src/web/case-list-model.js';
import { WebViews } from '../../src/web/views.js';
import { COMMISSIONER } from '../support/harness.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';

const says = (b: TermsBench, subject: string, text = ''): Promise<void> => b.commissionerSays(subject, text);

const receipts = (b: TermsBench) => b.ctx.store.db.prepare(`SELECT facts FROM outbox WHERE template = 'command-reply' ORDER BY id`).pluck().all() as string[];

describe('legal hold and access requests', function () {
  this.timeout(30_000);
  let b: TermsBench;
  afterEach(() => b?.close());

  it('when a closed case is held, then a purge at 24 months + 1 day keeps it (listed apart in the dry run), and once lifted the next run purges it', async () => {
    b = termsBench('2024-03-04T09:00:00Z');
    const caseId = await b.complaint({ subject: 'Klacht die naar de rechter gaat' });
    const n = b.ctx.store.cases.get(caseId)!.number;
    await says(b, `[${n}] #geen-klacht`);
    await says(b, `[${n}] #sluit`);
    await says(b, `[${n}] #bewaar geschilleninstantie vraagt het dossier op`);
    expect(JSON.parse(receipts(b).at(-1)!).ok, receipts(b).at(-1)).to.equal(true);
    expect(b.ctx.store.holds.ofCase(caseId)).to.have.length(1);

    b.clock.set(new Date('2026-03-05T10:00:00Z')); // 24 months and a day after closing
    const dry = await purgeCases(b.ctx, null, { dryRun: true });
    expect(dry.cases).to.deep.equal([]);
    expect(dry.held.map((h) => h.caseNumber)).to.deep.equal([n]);
    expect(formatPurgeReport(dry)).to.include('kept by a legal hold').and.include(`${n}  closed 2024-03-04, due 2026-03-04: held until lifted`);
    const run = await purgeCases(b.ctx, null);
    expect(run.cases).to.deep.equal([]);
    expect(b.ctx.store.cases.get(caseId)!.state).to.equal('closed');

    b.clock.set(new Date('2026-03-06T10:00:00Z'));
    await says(b, `[${n}] #bewaar-opheffen`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(true);
    b.clock.set(new Date('2026-03-06T11:00:00Z'));
    const after = await purgeCases(b.ctx, null);
    expect(after.cases.map((c) => c.caseNumber)).to.deep.equal([n]);
    expect(b.ctx.store.cases.get(caseId)!.state).to.equal('purged');
    expect(verifyCases(b.ctx.store, n)[0]!.ok).to.equal(true);
  });

  it('when a hold has a date, then the purge waits until the day after it; #bewaar without a reason is refused', async () => {
    b = termsBench('2024-03-04T09:00:00Z');
    const caseId = await b.complaint();
    const n = b.ctx.store.cases.get(caseId)!.number;
    await says(b, `[${n}] #bewaar tot 2026-13-01 rechter`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(false);
    await says(b, `[${n}] #bewaar tot 2026-04-01`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(false);
    await says(b, `[${n}] #geen-klacht`);
    await says(b, `[${n}] #sluit`);
    await says(b, `[${n}] #bewaar tot 2026-04-01 rechtbank Amsterdam`);
    b.clock.set(new Date('2026-04-01T10:00:00Z'));
    expect((await purgeCases(b.ctx, null, { dryRun: true })).held.map((h) => h.until)).to.deep.equal(['2026-04-01']);
    b.clock.set(new Date('2026-04-02T10:00:00Z'));
    expect((await purgeCases(b.ctx, null)).cases.map((c) => c.caseNumber)).to.deep.equal([n]);
  });

  it('when a klager with two cases, beklaagde in a third, asks for access, then the export holds exactly their documents, no other party\'s identity, and the term is tracked', async () => {
    b = termsBench('2026-03-02T09:00:00Z');
    const x = 'anna.de.vries@example.test';
    const first = await b.complaint({ from: x, fromName: 'Anna de Vries', subject: 'Eerste klacht', text: 'Mijn eerste klacht over de wachttijd.' });
    const n1 = b.ctx.store.cases.get(first)!.number;
    await says(b, `[${n1}] #beklaagde Bert Geheim <bert.geheim@example.test>`);
    await says(b, `[${n1}] #notitie intern: Anna lijkt boos, eerst bellen`);
    await says(b, `[${n1}] #uitspraak ongegrond`, 'Geen fout gevonden bij Bert Geheim.');
    await says(b, `[${n1}] #sluit`);
    const second = await b.complaint({ from: x, fromName: 'Anna de Vries', subject: 'Tweede klacht', text: 'Ook een tweede klacht.' });
    const n2 = b.ctx.store.cases.get(second)!.number;
    const third = await b.complaint({ from: 'carla.anders@example.test', fromName: 'Carla Anders', subject: 'Klacht over Anna', text: 'Anna de Vries was onvriendelijk.' });
    const n3 = b.ctx.store.cases.get(third)!.number;
    await says(b, `[${n3}] #beklaagde Anna de Vries <${x}>`);
    await says(b, `#inzage ${x}`);
    const open = b.ctx.store.holds.openAccessRequests();
    expect(open.map((r) => [r.email, r.due_date])).to.deep.equal([[x, '2026-04-02']]);

    const exp = buildAccessExport({
      store: b.ctx.store, renderer: new LetterRenderer(TEMPLATES_DIR), timeZone: 'Europe/Amsterdam', practiceName: 'Praktijk LUX',
      commissionerName: 'M. Roozmond', commissionerEmails: [COMMISSIONER], mailFrom: b.config.mailFrom, now: b.clock.now(),
    }, x);
    expect(exp.cases.map((c) => [c.caseNumber, c.role])).to.deep.equal([[n1, 'klager'], [n2, 'klager'], [n3, 'beklaagde']]);
    // Exactly hers: what she sent or was sent, and the verslag of her case.
    const store = b.ctx.store;
    const expected = [first, second, third].flatMap((id) => store.messages.byCase(id)
      .filter((m) => m.kind === 'verslag' || m.from_addr === x || JSON.parse(m.to_addrs).includes(x))).length;
    expect(exp.dossier.documents).to.have.length(expected);
    expect(exp.dossier.documents.some((d) => d.type === 'notitie')).to.equal(false);
    const everything = JSON.stringify(exp.dossier);
    for (const secret of ['Bert Geheim', 'bert.geheim@example.test', 'Carla Anders', 'carla.anders@example.test', 'eerst bellen']) expect(everything, secret).not.to.include(secret);
    expect(everything).to.include('Mijn eerste klacht over de wachttijd').and.include('[beklaagde]');
    expect(exp.dossier.withheld.join(' ')).to.include('interne notitie').and.include('art. 15 lid 4 AVG');
  });

  const digests = (b: TermsBench) => b.ctx.store.db.prepare(`SELECT facts FROM outbox WHERE template = 'commissioner-digest' ORDER BY id`).pluck().all() as string[];
  const today = (b: TermsBench) => localDateOf(b.clock.now(), b.config.timeZone);
  const plain = { write: () => true, isTTY: false } as never;

  it('when a case is held, then cases show (text and JSON), the web list, the digest once the original purge date passed, and the jaarverslag show it', async () => {
    b = termsBench('2024-03-04T09:00:00Z');
    const caseId = await b.complaint({ subject: 'Klacht voor de rechter' });
    const other = await b.complaint({ subject: 'Gewone klacht' });
    const n = b.ctx.store.cases.get(caseId)!.number;
    const n2 = b.ctx.store.cases.get(other)!.number;
    for (const x of [n, n2]) {
      await says(b, `[${x}] #geen-klacht`);
      await says(b, `[${x}] #sluit`);
    }
    await says(b, `[${n}] #bewaar rechtbank Amsterdam vraagt het dossier`);

    const detail = caseDetail(b.ctx.store, b.ctx.calendar, today(b), n);
    expect(detail.holds.map((h) => [h.reason, h.until, h.active])).to.deep.equal([['rechtbank Amsterdam vraagt het dossier', null, true]]);
    expect(formatCaseDetail(detail, plain, b.config.timeZone, 2)).to.match(/hold {6}LEGAL HOLD until lifted: rechtbank Amsterdam vraagt het dossier/);
    expect(caseDetail(b.ctx.store, b.ctx.calendar, today(b), n2).holds).to.deep.equal([]);
    expect(formatCaseDetail(caseDetail(b.ctx.store, b.ctx.calendar, today(b), n2), plain, b.config.timeZone, 2)).not.to.include('LEGAL HOLD');

    // The web list keeps a held case although it ended long ago, with its badge.
    b.clock.set(new Date('2025-06-02T09:00:00Z'));
    const views = new WebViews(TEMPLATES_DIR, 'nl', 'Klachten');
    const list = caseList(b.ctx, views);
    expect(list.recent.map((c) => [c.number, c.hold])).to.deep.equal([[n, { until: null }]]);
    expect(views.render('case-list', { ...list, recentDays: 90, email: COMMISSIONER })).to.include('badge hold');

    // Before the original purge date the digest says nothing about it; after it, it lists it.
    expect(writeDigest(b.ctx, today(b))).to.equal('nothing-due');
    b.clock.set(new Date('2026-03-05T09:00:00Z')); // a Thursday, 24 months and a day after closing
    expect(writeDigest(b.ctx, today(b))).to.equal('sent');
    const facts = JSON.parse(digests(b).at(-1)!);
    expect(facts.held).to.deep.equal([{ caseNumber: n, purgeDueDate: '2026-03-04', until: null }]);
    const letter = b.ctx.renderer.render('commissioner-digest', 'nl', facts);
    expect(letter.text).to.include('BEWAARPLICHT').and.include(`${n}: zou vernietigd worden op`);
    expect(letter.text).not.to.include(n2);

    const report = buildAnnualReport(b.ctx.store, b.config, b.ctx.calendar, 2024, today(b));
    expect(report.destruction.legalHolds).to.equal(1);
    expect(buildAnnualReport(b.ctx.store, b.config, b.ctx.calendar, 2025, today(b)).destruction.legalHolds).to.equal(0);
    expect(renderReport(report, 'md', 'nl', 'Praktijk LUX')).to.match(/Bewaarplicht ingesteld in 2024[^|]*\| *1 *\|/);
  });

  it('when she sends #inzage, then her receipt carries the export as a PDF, the request is in her digest with its due date until #inzage-verzonden', async () => {
    b = termsBench('2026-03-02T09:00:00Z');
    const x = 'anna.de.vries@example.test';
    await b.complaint({ from: x, fromName: 'Anna de Vries', subject: 'Wachttijd', text: 'Mijn klacht over de wachttijd.' });
    await says(b, `#inzage ${x}`);
    const receipt = JSON.parse(receipts(b).at(-1)!);
    expect(receipt.ok).to.equal(true);
    expect(receipt.attach).to.have.length(1);
    expect(receipt.attach[0]).to.include({ kind: 'blob', contentType: 'application/pdf', filename: 'inzage-anna.de.vries_example.test.pdf' });
    const pdf = b.ctx.store.blobs.get(receipt.attach[0].sha256);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const row = b.ctx.store.db.prepare(`SELECT recipient_role, to_addr FROM outbox WHERE template = 'command-reply' ORDER BY id DESC LIMIT 1`).get();
    expect(row).to.deep.equal({ recipient_role: 'commissioner', to_addr: COMMISSIONER });
    expect(b.ctx.store.holds.openAccessRequest(x)!.export_sha256).to.equal(receipt.attach[0].sha256);

    b.clock.set(new Date('2026-03-03T07:00:00Z')); // a Tuesday, no deadline of any case due
    expect(writeDigest(b.ctx, today(b))).to.equal('sent');
    const facts = JSON.parse(digests(b).at(-1)!);
    expect(facts.accessRequests).to.deep.equal([{ email: x, requestedDate: '2026-03-02', dueDate: '2026-04-02', overdue: false, exported: true }]);
    expect(b.ctx.renderer.render('commissioner-digest', 'nl', facts).text).to.include('VERZOEKEN OM INZAGE').and.include(`${x}: gevraagd maandag 2 maart 2026, beantwoorden uiterlijk donderdag 2 april 2026`);

    await says(b, `#inzage-verzonden ${x}`);
    expect(JSON.parse(receipts(b).at(-1)!).ok).to.equal(true);
    expect(b.ctx.store.holds.openAccessRequests()).to.deep.equal([]);
    b.clock.set(new Date('2026-03-04T07:00:00Z'));
    const before = digests(b).length;
    writeDigest(b.ctx, today(b));
    expect(digests(b).slice(before).map((f) => JSON.parse(f).accessRequests)).to.satisfy((l: unknown[]) => l.every((a) => Array.isArray(a) && a.length === 0));
  });
});
