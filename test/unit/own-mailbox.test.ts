/** Issue 12, the pure parts: the own-mailbox keys, which INBOX mail is the desk's, and the exchange method. */
import { ConfigError } from '../../src/errors/index.js';
import { expect } from 'chai';
import { commandAuthProblemsOf, loadConfig } from '../../src/config.js';
import { decideOwnInbox, looksLikeComplaint, type OwnInboxFacts } from '../../src/domain/own-inbox.js';
import type { InboundMail } from '../../src/domain/inbound-mail.js';
import { byExchange } from '../../src/mail-in/auth-methods/exchange.js';
import type { AuthEvidence, MethodSettings } from '../../src/mail-in/auth-methods/types.js';

const BASE = {
  IMAP_HOST: 'imap.example.nl', IMAP_USER: 'maja@roozmondmediation.nl', IMAP_PASSWORD: 'x', SMTP_HOST: 'smtp.example.nl',
  MAIL_FROM: 'maja@roozmondmediation.nl', COMMISSIONER_EMAILS: 'maja@roozmondmediation.nl', COMMISSIONER_NAME: 'M. Roozmond', PRACTICE_NAME: 'Praktijk LUX',
};
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('own mailbox: configuration', () => {
  it('when MAIL_FROM and COMMISSIONER_EMAILS carry display names, then the bare addresses are used and the name is kept', () => {
    const c = loadConfig({ ...BASE, MAILBOX_MODE: 'own', MAIL_FROM: '"M. Roozmond, klachtencommissaris" <Maja@RoozmondMediation.nl>', COMMISSIONER_EMAILS: '"Roozmond, M." <maja@roozmondmediation.nl>, b@example.nl' });
    expect(c.mailFrom).to.equal('maja@roozmondmediation.nl');
    expect(c.mailFromName).to.equal('M. Roozmond, klachtencommissaris');
    expect(c.commissionerEmails).to.deep.equal(['maja@roozmondmediation.nl', 'b@example.nl']);
  });

  const table: [string, Record<string, string>, RegExp | null][] = [
    ['a list of methods', { COMMAND_AUTH: 'exchange, sent-folder', EXCHANGE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47', MAILBOX_MODE: 'own' }, null],
    ['exchange without a tenant', { COMMAND_AUTH: 'exchange', MAILBOX_MODE: 'own' }, /^EXCHANGE_TENANT_ID: is required/],
    ['a tenant that is no GUID', { COMMAND_AUTH: 'exchange', EXCHANGE_TENANT_ID: 'contoso', MAILBOX_MODE: 'own' }, /^EXCHANGE_TENANT_ID: must be a tenant id/],
    ['sent-folder in a dedicated mailbox', { COMMAND_AUTH: 'sent-folder', MAIL_FROM: 'klachten@example.nl' }, /^COMMAND_AUTH: sent-folder works only with MAILBOX_MODE=own/],
    ['none with another method', { COMMAND_AUTH: 'none,dkim' }, /^COMMAND_AUTH: none checks nothing/],
    ['a DKIM_EXTRA_DOMAINS that is no domain', { DKIM_EXTRA_DOMAINS: 'not a domain!' }, /^DKIM_EXTRA_DOMAINS: holds/],
    ['an intake folder equal to INBOX', { MAILBOX_MODE: 'own', IMAP_INTAKE_MAILBOX: 'INBOX' }, /^IMAP_INTAKE_MAILBOX: must differ/],
  ];
  for (const [what, env, expected] of table) {
    it(`when ${what}, then ${expected ? `the problem is ${expected}` : 'it is valid'}`, () => {
      const found = problems({ ...BASE, ...env });
      if (expected) expect(found.some((p) => expected.test(p)), found.join('\n')).to.equal(true);
      else expect(found).to.deep.equal([]);
    });
  }

  it('when her own address is the service\'s in a dedicated mailbox, then start and check-config are told her commands can never be obeyed; in own mode they are not', () => {
    expect(commandAuthProblemsOf(loadConfig(BASE))).to.have.length(1);
    expect(commandAuthProblemsOf(loadConfig(BASE))[0]).to.match(/^COMMISSIONER_EMAILS holds maja@roozmondmediation\.nl, the service's own address.*MAILBOX_MODE=own/);
    expect(commandAuthProblemsOf(loadConfig({ ...BASE, MAILBOX_MODE: 'own' }))).to.deep.equal([]);
  });
});

const mail = (o: Partial<InboundMail> = {}): InboundMail => ({
  messageId: 'a@b', inReplyTo: null, references: [], from: { address: 'client@example.nl', name: '' }, fromCount: 1, to: [], cc: [], replyTo: [],
  subject: '', date: null, headers: {}, contentType: 'text/plain', text: '', html: null, attachments: [], ...o,
});
const facts = (o: Partial<OwnInboxFacts> = {}): OwnInboxFacts => ({
  isOurLetter: false, refersToOurLetter: false, taggedCaseParties: null, fromCommissioner: false, hasCommand: false, ...o,
});

describe('own mailbox: which INBOX mail is the desk\'s', () => {
  const table: [string, InboundMail, OwnInboxFacts, boolean][] = [
    ['a personal mail', mail({ subject: 'Afspraak verzetten?' }), facts(), false],
    ['our own notice to her', mail(), facts({ isOurLetter: true, fromCommissioner: true, hasCommand: true }), false],
    ['a reply to one of our letters', mail(), facts({ refersToOurLetter: true }), true],
    ['a party writing on its case tag', mail(), facts({ taggedCaseParties: ['client@example.nl'] }), true],
    ['a stranger on a case tag', mail(), facts({ taggedCaseParties: ['other@example.nl'] }), false],
    ['her command', mail({ from: { address: 'maja@x.nl', name: '' } }), facts({ fromCommissioner: true, hasCommand: true }), true],
    ['her own mail without command or case', mail({ from: { address: 'maja@x.nl', name: '' } }), facts({ fromCommissioner: true }), false],
    ['her mail on a case tag', mail({ from: { address: 'maja@x.nl', name: '' } }), facts({ fromCommissioner: true, taggedCaseParties: [] }), true],
  ];
  for (const [what, m, f, take] of table) {
    it(`${what} → ${take ? 'taken' : 'left alone'}`, () => expect(decideOwnInbox(m, f).take).to.equal(take));
  }

  it('looks like a complaint only when it says klacht/complaint and names the practice or its people', () => {
    const names = ['Praktijk LUX', 'M. Roozmond'];
    expect(looksLikeComplaint({ subject: 'Klacht over Praktijk LUX', text: '' }, names)).to.equal(true);
    expect(looksLikeComplaint({ subject: 'Complaint', text: 'about M. Roozmond' }, names)).to.equal(true);
    expect(looksLikeComplaint({ subject: 'Afspraak bij Praktijk LUX verzetten', text: 'Dinsdag lukt niet.' }, names)).to.equal(false);
    expect(looksLikeComplaint({ subject: 'Klacht over mijn buurman', text: '' }, names)).to.equal(false);
  });
});

describe('auth method exchange', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const settings: MethodSettings = { dkimExtraDomains: [], exchangeTenantId: TENANT, aligned: () => false };
  const ev = (authAs: string[], tenantIds: string[]): AuthEvidence => ({
    fromDomain: 'x.nl', dkim: [], authres: { kind: 'none' }, exchange: { authAs, tenantIds, directionality: [] }, sent: null, dnsTemporary: false,
  });
  const table: [string, AuthEvidence, boolean, RegExp][] = [
    ['Internal, her tenant', ev(['Internal'], [TENANT.toUpperCase()]), true, /AuthAs=Internal/],
    ['Internal, another tenant', ev(['Internal'], ['99999999-8888-4777-8666-555555555555']), false, /not EXCHANGE_TENANT_ID/],
    ['Anonymous', ev(['Anonymous'], [TENANT]), false, /is Anonymous, not Internal/],
    ['Internal beside Anonymous', ev(['Internal', 'Anonymous'], [TENANT]), false, /not Internal/],
    ['no headers', ev([], []), false, /no X-MS-Exchange-Organization-AuthAs/],
    ['no tenant header', ev(['Internal'], []), false, /no X-MS-Exchange-CrossTenant-Id/],
  ];
  for (const [what, e, pass, reason] of table) {
    it(`${what} → ${pass ? 'pass' : 'refused'}`, () => {
      const v = byExchange(e, settings);
      expect(v.pass).to.equal(pass);
      expect(v.reason).to.match(reason);
    });
  }
});
