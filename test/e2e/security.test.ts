/**
 * Commands are obeyed only from the commissioner, and only when authenticated (SPEC §7):
 * a forged From, a foreign Authentication-Results, a klager's #uitspraak and a stranger on a
 * case tag change nothing and leak nothing.
 */
import { expect } from 'chai';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Stack } from '../../tools/devstack/stack.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, useServiceStack, waitForInbox,
  type TestService,
} from '../support/harness.js';

// mailauth is CommonJS without types; its signer is documented at mailauth/lib/dkim/sign.
type DkimSign = (message: string, opts: Record<string, unknown>) => Promise<{ signatures: string; errors: unknown[] }>;
const { dkimSign } = createRequire(import.meta.url)('mailauth/lib/dkim/sign') as { dkimSign: DkimSign };

/** The commissioner's domain key, published through an injected resolver (no network). */
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const TXT = `v=DKIM1; k=rsa; p=${KEY.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`.match(/.{1,255}/g)!;
const resolver = async (name: string, rrtype: string) => {
  if (rrtype === 'TXT' && name.toLowerCase() === 'sel._domainkey.praktijk.test') return [TXT];
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
async function dkimSigned(raw: string): Promise<string> {
  const { signatures, errors } = await dkimSign(raw, {
    signatureData: [{ signingDomain: 'praktijk.test', selector: 'sel', privateKey: KEY.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }],
  });
  if (errors.length) throw new Error(`signing failed: ${JSON.stringify(errors)}`);
  return signatures + raw;
}

describe('e2e: security of commands and confidentiality', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService;
  let caseNumber: string;

  /** One case with a named beklaagde, opened before each scenario on a fresh service. */
  async function openCase(): Promise<string> {
    const id = `sec-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht', messageId: id }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === id);
    return /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
  }
  const stateOf = () => svc.service.ctx.store.cases.byNumber(caseNumber)!.state;
  const outboxCount = () => (svc.service.ctx.store.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const handled = (n: number) => eventually(
    () => (svc.service.ctx.store.db.prepare('SELECT count(*) AS n FROM inbox_items WHERE moved_at IS NOT NULL').get() as { n: number }).n >= n,
    `${n} messages handled`,
  );

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));

  it('when a mail from the commissioner address has no valid DKIM signature (COMMAND_AUTH=dkim), then nothing changes and she is alerted', async () => {
    svc = await shared.start({
      overrides: { COMMAND_AUTH: 'dkim' },
      service: { dnsResolver: async (name) => { throw Object.assign(new Error(`no record for ${name}`), { code: 'ENOTFOUND' }); } },
    });
    caseNumber = await openCase();
    const forged = `forged-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, subject: `[${caseNumber}] #uitspraak gegrond`, text: 'vervalst', messageId: forged }));
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Waarschuwing'));
    expect(stateOf()).to.equal('acknowledged');
    expect((await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).some((m) => m.messageId === `<${forged}>`)).to.equal(true);
    expect(svc.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'ruling'`).get()).to.deep.equal({ n: 0 });
  });

  it('when the commissioner\'s mail carries a valid aligned DKIM signature, then the command is obeyed; the same mail altered is not', async () => {
    svc = await shared.start({ overrides: { COMMAND_AUTH: 'dkim' }, service: { dnsResolver: resolver } });
    caseNumber = await openCase();
    const id = `signed-${randomUUID()}@praktijk.test`;
    const raw = await dkimSigned(eml({ from: COMMISSIONER, subject: `[${caseNumber}] #notitie gebeld met klager`, messageId: id }));
    await deliverToMailbox(stack, raw);
    const [receipt] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === id);
    expect(receipt!.subject).to.match(/Uitgevoerd/);
    // The same signature over a changed command: the body hash no longer matches.
    const tampered = (await dkimSigned(eml({ from: COMMISSIONER, subject: `[${caseNumber}] #notitie x`, text: 'origineel', messageId: `t-${id}` })))
      .replace('origineel', 'vervalst!');
    await deliverToMailbox(stack, tampered);
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Waarschuwing'));
    const notes = svc.service.ctx.store.cases.events(svc.service.ctx.store.cases.byNumber(caseNumber)!.id).filter((e) => e.type === 'note');
    expect(notes).to.have.length(1);
  });

  it('when COMMAND_AUTH=authres and the topmost Authentication-Results is from a foreign server, then nothing changes', async () => {
    svc = await shared.start({ overrides: { COMMAND_AUTH: 'authres', AUTHSERV_ID: 'mx.praktijk.test' } });
    caseNumber = await openCase();
    await deliverToMailbox(stack, eml({
      from: COMMISSIONER, subject: `[${caseNumber}] #sluit`,
      headers: { 'Authentication-Results': 'mx.evil.test; dkim=pass header.d=praktijk.test; dmarc=pass header.from=praktijk.test' },
    }));
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Waarschuwing'));
    expect(stateOf()).to.equal('acknowledged');
  });

  it('when COMMAND_AUTH=authres and our own server says dkim=pass, then the command is obeyed', async () => {
    svc = await shared.start({ overrides: { COMMAND_AUTH: 'authres', AUTHSERV_ID: 'mx.praktijk.test' } });
    caseNumber = await openCase();
    const id = `authres-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({
      from: COMMISSIONER, subject: `[${caseNumber}] #beklaagde Piet Pieters <beklaagde@example.test>`, messageId: id,
      headers: { 'Authentication-Results': 'mx.praktijk.test; dkim=pass header.d=praktijk.test header.s=sel; dmarc=pass header.from=praktijk.test' },
    }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === id);
    expect(stateOf()).to.equal('presented');
  });

  it('when the klager writes #uitspraak on the case, then nothing changes and no ruling goes out', async () => {
    svc = await shared.start();
    caseNumber = await openCase();
    const before = outboxCount();
    const id = `klager-cmd-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: `[${caseNumber}] #uitspraak gegrond`, text: '#sluit', messageId: id }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === id && m.subject.includes('Nieuwe post'));
    expect(stateOf()).to.equal('acknowledged');
    const templates = svc.service.ctx.store.db.prepare('SELECT template FROM outbox WHERE id > ?').all(before) as { template: string }[];
    expect(templates.map((t) => t.template)).to.deep.equal(['correspondence-notice']);
  });

  it('when a stranger writes on a case tag, then the mail is quarantined, the commissioner told, and the stranger gets nothing', async () => {
    svc = await shared.start();
    caseNumber = await openCase();
    const id = `stranger-${randomUUID()}@example.test`;
    const sentBefore = stack.smtp.messages.length;
    await deliverToMailbox(stack, eml({ from: 'deskundige@praktijk.test', fromName: 'Nieuwsgierig', subject: `Re: [${caseNumber}] hoe staat het ermee?`, messageId: id }));
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Bericht in quarantaine'));
    await handled(2);
    expect((await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).some((m) => m.messageId === `<${id}>`)).to.equal(true);
    const toStranger = stack.smtp.messages.slice(sentBefore).filter((m) => m.envelopeTo.includes('deskundige@praktijk.test'));
    expect(toStranger).to.have.length(0);
    // The notice names the case reference but never carries the case's content.
    const notice = stack.smtp.messages.slice(sentBefore).find((m) => m.subject.includes('quarantaine'))!;
    expect(notice.raw.toString()).not.to.include('Ik heb een klacht over de behandeling');
  });
});
