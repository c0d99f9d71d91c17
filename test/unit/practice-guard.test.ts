/**
 * The practice guard (issue 16): a case letter that names another practice's case number, name
 * or owner address is refused; its own practice's, what a party wrote, and letters that span
 * practices by nature are not.
 */
import { expect } from 'chai';
import { assertNoOtherPractice } from '../../src/mail-out/recipient-guard.js';
import { letterSpec } from '../../src/mail-out/letters.js';
import { RecipientNotAllowed } from '../../src/errors/index.js';
import { practice } from '../support/practices.js';

const lux = practice('lux', { name: 'Praktijk Zon Noord', ownerEmails: ['emma@lux.example.test', 'gedeeld@example.test'] });
const zon = practice('zon', { name: 'Praktijk Zon', ownerEmails: ['eigenaar@zon.example.test', 'gedeeld@example.test'] });
const mare = practice('mare', { name: 'Mare', ownerEmails: ['mare@mare.example.test'] });
const ack = letterSpec('acknowledgement');

const letter = (text: string, subject = 'Ontvangstbevestiging') => ({ subject: `[LUX-2026-0003] ${subject}`, text, html: `<p>${text}</p>` });
const check = (text: string, facts: Record<string, unknown> = {}, spec = ack) => () => assertNoOtherPractice(spec, letter(text), facts, lux, [zon, mare]);

describe('the practice guard', () => {
  it("when a letter names only its own practice's case and name, then it passes", () => {
    expect(check('Zaak LUX-2026-0003 van Praktijk Zon Noord; eigenaar emma@lux.example.test.')).not.to.throw();
  });

  it("when a letter names another practice's case number, then it is refused, naming that practice by id only", () => {
    expect(check('Zie ook ZON-2026-0012.')).to.throw(RecipientNotAllowed, "names practice zon's case number");
    expect(check('Zie ook [MARE-2027-0001].')).to.throw(RecipientNotAllowed, "practice mare's case number");
  });

  it("when a letter names another practice, then it is refused; its own name holding the other's is its own", () => {
    expect(check('Klachtencommissaris Praktijk Zon')).to.throw(RecipientNotAllowed, "practice zon's name");
    expect(check('Klachtencommissaris Praktijk Zon Noord')).not.to.throw();
    expect(check('Mare heeft gebeld.')).to.throw(RecipientNotAllowed, "practice mare's name");
  });

  it('when a word only looks like a name (other capitals, or inside a word), then there is no alarm', () => {
    expect(check('De klacht ging over de mare van de buren en de zonnebank.')).not.to.throw();
    expect(check('Marezicht is een straat.')).not.to.throw();
  });

  it("when a letter carries another practice's owner address, then it is refused; an address both share is not", () => {
    expect(check('Kopie aan eigenaar@zon.example.test')).to.throw(RecipientNotAllowed, "practice zon's owner address");
    expect(check('Kopie aan EIGENAAR@zon.example.test')).to.throw(RecipientNotAllowed);
    expect(check('Kopie aan gedeeld@example.test')).not.to.throw();
    expect(check('Kopie aan oud-eigenaar@zon.example.test')).not.to.throw();
    expect(check('Kopie aan eigenaar@zon.example.test.nl')).not.to.throw();
    expect(check('Schrijf aan eigenaar@zon.example.test.')).to.throw(RecipientNotAllowed);
  });

  it('when what a party wrote names another practice, then quoting it back is not a crossing', () => {
    const facts = { complaintSubject: 'Ook geklaagd bij Praktijk Zon (ZON-2026-0004)', complaintText: 'Mijn vorige klacht\nbij Mare liep mis.' };
    expect(check('Onderwerp: Ook geklaagd bij Praktijk Zon (ZON-2026-0004)\n\nMijn vorige klacht\nbij Mare liep mis.', facts)).not.to.throw();
    // The same words in our own text are still refused.
    expect(check('Ik heb ook Praktijk Zon ingelicht.', facts)).to.throw(RecipientNotAllowed);
  });

  it('when the HTML escapes a name, then the escaped form is found too', () => {
    const amp = practice('amp', { name: 'Smit & Zn', casePrefix: 'AMP' });
    expect(() => assertNoOtherPractice(ack, { subject: 's', text: '', html: '<p>Smit &amp; Zn</p>' }, {}, lux, [amp])).to.throw(RecipientNotAllowed);
  });

  it('when the letter spans practices by nature (digest, overview, command reply), then it is not checked', () => {
    for (const name of ['commissioner-digest', 'weekly-overview', 'command-reply']) {
      expect(letterSpec(name).spansPractices, name).to.equal(true);
      expect(check('ZON-2026-0001 Praktijk Zon, MARE-2026-0002 Mare', {}, letterSpec(name))).not.to.throw();
    }
    expect(letterSpec('ruling').spansPractices).to.equal(undefined);
  });
});
