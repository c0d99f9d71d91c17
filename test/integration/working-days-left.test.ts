/**
 * "Working days left" is one figure wherever it is shown: the web's list and case page count a
 * case's absences (#afwezig), and so must `cases list`, `cases show`, the daily digest and the
 * weekly overview (they once counted on the calendar without absences and showed one day more).
 * SQLite only: the AppContext of the ingest harness, no Redis, IMAP or SMTP.
 */
import { expect } from 'chai';
import { calendarOf } from '../../src/cli/common.js';
import { listCases } from '../../src/cli/cases-list.js';
import { caseDetail } from '../../src/cli/cases-show.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import { overviewFacts } from '../../src/use-cases/send-overview.js';
import { caseList } from '../../src/web/case-list-model.js';
import { termView } from '../../src/web/terms-timeline.js';
import { calendarForCase } from '../../src/use-cases/case-calendar.js';
import { WebViews } from '../../src/web/views.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

const TODAY = '2026-03-02'; // a Monday
const DUE = '2026-03-05'; // Thursday: REMINDER_WD_BEFORE (3) working days on, so today's digest lists it
const ABSENT = { from: '2026-03-03', to: '2026-03-03' }; // the Tuesday between

describe('working days left, when a case has an absence', () => {
  let b: IngestBench;
  let caseId: number;
  const number = 'KL-2026-0001';

  beforeEach(() => {
    b = ingestBench({ now: `${TODAY}T08:00:00Z`, overrides: { REMINDER_WD_BEFORE: '3' } });
    const { store } = b.ctx;
    const at = b.ctx.clock.now().toISOString();
    store.tx(() => {
      caseId = store.cases.create({
        number, year: 2026, state: 'acknowledged', language: 'nl', subject: 'Klacht', received_at: at, received_date: TODAY, created_at: at, updated_at: at,
      }).id;
      store.cases.addParty(caseId, 'klager', 'Jan Jansen', 'jan@example.test', at);
      store.deadlines.start(caseId, { kind: 'handle', startDate: TODAY, termWd: 3, dueDate: DUE }, at);
      store.deadlines.addAbsence({ caseId, ...ABSENT, reason: 'ziek', category: 'ziekte', actor: 'commissioner', messageRef: null, at });
    });
  });
  afterEach(() => b.close());

  it('then the web, cases list, cases show, the digest and the overview all give the days left without the absence', () => {
    const { ctx } = b;
    const base = calendarOf(b.config);
    expect(base.workingDaysBetween(TODAY, DUE), 'the calendar without the absence counts Tuesday too').to.equal(3);

    const views = new WebViews(TEMPLATES_DIR, 'nl', 'Praktijk');
    const webList = caseList(ctx, views).open.find((c) => c.number === number)!.next!.leftWd;
    const webPage = termView(ctx.store.deadlines.ofCase(caseId)[0]!, [], TODAY, calendarForCase(ctx, caseId), b.config.timeZone).leftWd;
    const cliList = listCases(ctx.store, base, TODAY).find((r) => r.number === number)!.nextDeadline!.workingDaysLeft;
    const cliShow = caseDetail(ctx.store, base, TODAY, number).deadlines.find((d) => d.kind === 'handle')!.workingDaysLeft;
    const overview = overviewFacts(ctx).cases.find((c) => c.caseNumber === number)!.next!.wd;
    expect(writeDigest(ctx, TODAY)).to.equal('sent');
    const digest = ctx.store.outbox.pending(10).filter((l) => l.template === 'commissioner-digest').map((l) => JSON.parse(l.facts) as { before: { caseNumber: string; wd: number }[] });
    expect(digest).to.have.length.greaterThan(0);
    const digestWd = digest[0]!.before.find((l) => l.caseNumber === number)!.wd;

    expect({ webList, webPage, cliList, cliShow, overview, digestWd }).to.deep.equal({ webList: 2, webPage: 2, cliList: 2, cliShow: 2, overview: 2, digestWd: 2 });
  });

  it('then a case without absences keeps the plain count (the absence is its own, not every case\'s)', () => {
    const { ctx } = b;
    const at = ctx.clock.now().toISOString();
    const other = ctx.store.tx(() => {
      const id = ctx.store.cases.create({
        number: 'KL-2026-0002', year: 2026, state: 'acknowledged', language: 'nl', subject: 'Andere', received_at: at, received_date: TODAY, created_at: at, updated_at: at,
      }).id;
      ctx.store.deadlines.start(id, { kind: 'handle', startDate: TODAY, termWd: 3, dueDate: DUE }, at);
      return id;
    });
    expect(other).to.be.a('number');
    const rows = listCases(ctx.store, calendarOf(b.config), TODAY);
    expect(rows.map((r) => [r.number, r.nextDeadline?.workingDaysLeft])).to.deep.equal([[number, 2], ['KL-2026-0002', 3]]);
  });
});
