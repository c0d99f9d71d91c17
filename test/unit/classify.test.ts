import { expect } from 'chai';
import { classify, loopMarkerFor, referencedIds, type CaseView, type ClassifyContext } from '../../src/domain/classify.js';
import type { InboundMail } from '../../src/domain/inbound-mail.js';

const CASE: CaseView = {
  id: 7, number: 'KL-2026-0007', state: 'presented',
  parties: [{ role: 'klager', email: 'klager@example.nl' }, { role: 'beklaagde', email: 'piet@praktijk.nl' }, { role: 'deskundige', email: 'expert@example.nl' }],
};

function mail(over: Partial<InboundMail> = {}): InboundMail {
  return {
    messageId: 'abc@example.nl', inReplyTo: null, references: [], from: { address: 'klager@example.nl', name: 'K' }, fromCount: 1,
    to: [], cc: [], replyTo: [], subject: 'Klacht', date: null, headers: {}, contentType: 'text/plain', text: 'tekst', html: null, attachments: [],
    ...over,
  };
}

function ctx(over: Partial<ClassifyContext> = {}): ClassifyContext {
  return {
    alreadySeen: false, isOurMessageId: false, loopMarker: loopMarkerFor('klachten@praktijk.nl'),
    commissionerEmails: ['maja@mediation.nl'], referencedCase: null, referencedBy: null, openCaseOfSender: null, ...over,
  };
}

describe('classify (SPEC §5, in order)', () => {
  const table: [string, InboundMail, ClassifyContext, string, Record<string, unknown>?][] = [
    ['seen before', mail(), ctx({ alreadySeen: true }), 'duplicate'],
    ['our own Message-ID (a Bcc or Sent copy)', mail(), ctx({ isOurMessageId: true }), 'own-letter'],
    ['our X-Loop header (an echo)', mail({ headers: { 'x-loop': ['complaint-desk klachten@praktijk.nl'] } }), ctx(), 'own-letter'],
    ['an auto-reply on a case', mail({ headers: { 'auto-submitted': ['auto-replied'] } }), ctx({ referencedCase: CASE, referencedBy: 'references' }), 'automatic', { caseId: 7 }],
    ['automatic mail beats the commissioner', mail({ from: { address: 'maja@mediation.nl', name: '' }, headers: { 'auto-submitted': ['auto-generated'] } }), ctx(), 'automatic'],
    ['no From', mail({ from: null, fromCount: 0 }), ctx(), 'unusable'],
    ['two From addresses', mail({ fromCount: 2 }), ctx(), 'unusable'],
    ['the commissioner, with a case', mail({ from: { address: 'maja@mediation.nl', name: '' } }), ctx({ referencedCase: CASE, referencedBy: 'tag' }), 'commissioner', { caseId: 7 }],
    ['the commissioner, without a case', mail({ from: { address: 'maja@mediation.nl', name: '' } }), ctx(), 'commissioner', { caseId: null }],
    ['the beklaagde by References (subject edited)', mail({ from: { address: 'piet@praktijk.nl', name: '' }, subject: 'mijn reactie' }), ctx({ referencedCase: CASE, referencedBy: 'references' }), 'party-mail', { role: 'beklaagde', by: 'references' }],
    ['the klager by tag', mail({ subject: 'Re: [KL-2026-0007] x' }), ctx({ referencedCase: CASE, referencedBy: 'tag' }), 'party-mail', { role: 'klager', by: 'tag' }],
    ['the expert by tag', mail({ from: { address: 'expert@example.nl', name: '' } }), ctx({ referencedCase: CASE, referencedBy: 'tag' }), 'party-mail', { role: 'deskundige' }],
    ['a stranger on a case tag', mail({ from: { address: 'nosy@example.org', name: '' } }), ctx({ referencedCase: CASE, referencedBy: 'tag' }), 'non-party', { caseId: 7 }],
    ['a stranger by References', mail({ from: { address: 'nosy@example.org', name: '' } }), ctx({ referencedCase: CASE, referencedBy: 'references' }), 'non-party'],
    ['the klager again, untagged, with an open case', mail(), ctx({ openCaseOfSender: CASE }), 'to-open-case', { caseId: 7 }],
    ['anyone else', mail({ from: { address: 'new@example.org', name: '' } }), ctx(), 'new-complaint'],
  ];
  for (const [what, m, c, kind, extra] of table) {
    it(`${what} → ${kind}`, () => {
      const r = classify(m, c);
      expect(r.kind).to.equal(kind);
      if (extra) expect(r).to.include(extra);
    });
  }

  it('references are read newest first: In-Reply-To, then References from the end', () => {
    expect(referencedIds(mail({ inReplyTo: 'c@x', references: ['a@x', 'b@x', 'c@x'] }))).to.deep.equal(['c@x', 'b@x', 'a@x']);
  });
});
