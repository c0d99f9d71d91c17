/**
 * Issue 14 §1: a `#command` line that we do not obey, because it stood below her prose or in the
 * quoted part, is named in the commissioner's receipt, in her words, so she is never left thinking
 * it was done.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { COMMISSIONER, eml } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

describe("the commissioner's receipt names the command lines it did not obey", () => {
  let bench: IngestBench;
  let number: string;
  const says = (subject: string, text: string) =>
    bench.receive(eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text, messageId: `cmd-${randomUUID()}@praktijk.test` }));
  const lastReceipt = async () => (await bench.outgoing()).filter((l) => l.row.template === 'command-reply').at(-1)!;

  beforeEach(async () => {
    bench = ingestBench({ now: '2026-03-12T09:30:00Z' });
    number = (await bench.receive(eml({ subject: 'Klacht' }))).caseNumber!;
  });
  afterEach(() => bench.close());

  it('when #uitspraak stands below a line of prose, then nothing is decided and the receipt says why, in Dutch', async () => {
    await says(`Re: [${number}] Klacht`, 'Ik heb de stukken gelezen.\r\n#uitspraak gegrond\r\nDe klacht is terecht.');
    expect(bench.ctx.store.cases.byNumber(number)!.state).to.equal('acknowledged');
    const r = await lastReceipt();
    expect(r.text).to.include('Er is niets uitgevoerd.');
    expect(r.text).to.include('Deze regel heb ik niet als opdracht gelezen:\n- "#uitspraak gegrond": die stond niet bovenaan uw bericht, maar onder gewone tekst');
    expect(r.html).to.include('<code>#uitspraak gegrond</code>: die stond niet bovenaan uw bericht');
  });

  it("when a klager's #uitspraak is in the quote below her command, then her command runs and the quoted line is named as not read", async () => {
    await says(`Re: [${number}] Klacht`, '#notitie gebeld met klager\r\n\r\nOp 10 maart 2026 schreef Jan Jansen <klager@example.test>:\r\n> #uitspraak gegrond\r\n> graag snel');
    expect(bench.ctx.store.cases.byNumber(number)!.state).to.equal('acknowledged');
    const r = await lastReceipt();
    expect(r.text).to.match(/^Uitgevoerd:/m);
    expect(r.text).to.include('- "#uitspraak gegrond": die stond in het geciteerde bericht onder uw tekst');
  });

  it('when the case speaks English, then the receipt says it in English; and a receipt quoted back (indented #help lines) names nothing', async () => {
    bench.close();
    bench = ingestBench({ now: '2026-03-12T09:30:00Z', overrides: { DEFAULT_LANGUAGE: 'en' } });
    number = (await bench.receive(eml({ subject: 'Complaint' }))).caseNumber!;
    await says(`Re: [${number}] Complaint`, 'I read the papers.\r\n#ruling upheld\r\nIt is.');
    const r = await lastReceipt();
    expect(r.text).to.include('Nothing has been carried out.');
    expect(r.text).to.include('I did not read this line as a command:\n- "#ruling upheld": it did not stand at the top of your message but below ordinary text');

    const before = (await bench.outgoing()).filter((l) => l.row.template === 'command-reply').length;
    await says(`Re: [${number}] Complaint`, '#note called her\r\n\r\nOn 10 March 2026 the desk wrote:\r\n> COMMANDS\r\n>   #extend N reason\r\n>       extends the terms');
    const receipts = (await bench.outgoing()).filter((l) => l.row.template === 'command-reply');
    expect(receipts).to.have.length(before + 1);
    expect(receipts.at(-1)!.text).not.to.include('did not read');
  });
});
