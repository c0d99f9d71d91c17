/**
 * The commissioner's receipt on a case speaks the case's language (issue 13 §4): a refusal names
 * the state and the commands she can use now as the case's letters do. Without a case, the desk's
 * default language.
 */
import { expect } from 'chai';
import { termsBench, type TermsBench } from '../support/terms-bench.js';

const says = (b: TermsBench, subject: string, text = ''): Promise<void> => b.commissionerSays(subject, text);

const lastReceipt = (b: TermsBench) => b.ctx.store.outbox.lastOfTemplate('command-reply');

describe("the commissioner's receipt, in the case's language", function () {
  this.timeout(30_000);
  let b: TermsBench;
  afterEach(() => b?.close());

  it('when the case is English, then a refused command is refused in English; a Dutch case and a mail without a case get Dutch', async () => {
    b = termsBench('2026-03-02T09:00:00Z');
    const en = b.ctx.store.cases.get(await b.complaint({ subject: 'Complaint about the desk' }))!.number;
    await says(b, `[${en}] #taal en`);
    await says(b, `[${en}] #sluit`);
    expect(lastReceipt(b)?.language).to.equal('en');
    const nl = b.ctx.store.cases.get(await b.complaint({ subject: 'Klacht over de balie', from: 'ander@example.test' }))!.number;
    await says(b, `[${nl}] #sluit`);
    expect(lastReceipt(b)?.language).to.equal('nl');
    await says(b, '#help');
    expect(lastReceipt(b)?.language).to.equal('nl');
  });
});
