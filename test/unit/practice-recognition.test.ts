import { expect } from 'chai';
import { recipientAddresses, recognisePractice, type RecognitionInput } from '../../src/domain/practice-recognition.js';
import type { Practice, PracticeSet } from '../../src/domain/practice.js';
import { LUX, WKKGZ } from '../../src/domain/procedure.js';

const practice = (id: string, recognise: Partial<Practice['recognise']>): Practice => ({
  id, name: `Praktijk ${id.toUpperCase()}`, ownerEmails: [`eigenaar@${id}.test`], casePrefix: id.toUpperCase(), language: 'nl',
  procedure: id === 'zorg' ? WKKGZ : LUX, recognise: { addresses: [], plusTags: [], folders: [], ...recognise },
});
const lux = practice('lux', { addresses: ['klachten@lux.test'], plusTags: ['lux'], folders: ['Klachten/LUX'] });
const zorg = practice('zorg', { addresses: ['klachten@zorg.test', 'alias-zorg@desk.test'], plusTags: ['zorg'], folders: ['Klachten/Zorg'] });
const SET: PracticeSet = { practices: [lux, zorg], holdPrefix: 'KLH', single: false };
const OWN = ['maja@desk.test'];

const addr = (address: string) => ({ address, name: '' });
function mail(o: { to?: string[]; cc?: string[]; headers?: Record<string, string[]> } = {}): RecognitionInput['mail'] {
  return { to: (o.to ?? []).map(addr), cc: (o.cc ?? []).map(addr), headers: o.headers ?? {} };
}
const recognise = (m: RecognitionInput['mail'], folder: string | null = null, set = SET) => recognisePractice(set, { mail: m, folder, ownAddresses: OWN });
const idOf = (r: ReturnType<typeof recognise>) => r.practice?.id ?? null;

describe('practice recognition (issue 16): which practice a new complaint is for', () => {
  const cases: [string, RecognitionInput['mail'], string | null, string | null, string][] = [
    ['To a practice address', mail({ to: ['klachten@lux.test'] }), null, 'lux', 'address'],
    ['Cc a practice address', mail({ to: ['iemand@elders.test'], cc: ['klachten@zorg.test'] }), null, 'zorg', 'address'],
    ['To an alias, written in capitals', mail({ to: ['Alias-Zorg@Desk.Test'] }), null, 'zorg', 'address'],
    ['Delivered-To naming the alias (a Bcc)', mail({ to: ['maja@desk.test'], headers: { 'delivered-to': ['alias-zorg@desk.test'] } }), null, 'zorg', 'address'],
    ['X-Original-To in angle brackets', mail({ headers: { 'x-original-to': ['<klachten@lux.test>'] } }), null, 'lux', 'address'],
    ['Envelope-To as a list', mail({ headers: { 'envelope-to': ['maja@desk.test, klachten@zorg.test'] } }), null, 'zorg', 'address'],
    ['a plus-address on her own address', mail({ to: ['maja+lux@desk.test'] }), null, 'lux', 'plus-tag'],
    ['a plus-address in Delivered-To only', mail({ to: ['maja@desk.test'], headers: { 'delivered-to': ['maja+ZORG@desk.test'] } }), null, 'zorg', 'plus-tag'],
    ['an intake folder of a practice', mail({ to: ['maja@desk.test'] }), 'Klachten/Zorg', 'zorg', 'folder'],
    ['a folder that wins over the address', mail({ to: ['klachten@lux.test'] }), 'Klachten/Zorg', 'zorg', 'folder'],
    ['the general intake folder: the address decides', mail({ to: ['klachten@lux.test'] }), 'Klachten', 'lux', 'address'],
  ];
  for (const [what, m, folder, id, by] of cases) {
    it(`when sent with ${what}, then it is ${id}'s (by ${by})`, () => {
      const r = recognise(m, folder);
      expect(idOf(r)).to.equal(id);
      expect(r.practice && r.by).to.equal(by);
    });
  }

  it('when the plus-tag is on someone else\'s address, then it does not count (a klager\'s own +tag is no practice)', () => {
    expect(recognise(mail({ to: ['maja@desk.test'], cc: ['jan+lux@gmail.test'] }))).to.deep.equal({ practice: null, reason: 'none', candidates: [] });
  });

  it('when it was sent to two practices\' addresses, then it is held as ambiguous, never a guess', () => {
    expect(recognise(mail({ to: ['klachten@lux.test'], cc: ['klachten@zorg.test'] }))).to.deep.equal({ practice: null, reason: 'ambiguous', candidates: ['lux', 'zorg'] });
  });

  it('when an address names one practice and a plus-tag the other, then it is ambiguous too', () => {
    expect(recognise(mail({ to: ['klachten@lux.test'], headers: { 'delivered-to': ['maja+zorg@desk.test'] } }))).to.include({ practice: null, reason: 'ambiguous' });
  });

  it('when the address and the plus-tag name the same practice, then it is that one', () => {
    expect(idOf(recognise(mail({ to: ['klachten@lux.test'], headers: { 'delivered-to': ['maja+lux@desk.test'] } })))).to.equal('lux');
  });

  it('when a folder is configured for two practices, then it is ambiguous and the addresses are not asked', () => {
    const both: PracticeSet = { ...SET, practices: [lux, { ...zorg, recognise: { ...zorg.recognise, folders: ['Klachten/LUX'] } }] };
    expect(recognise(mail({ to: ['klachten@lux.test'] }), 'Klachten/LUX', both)).to.include({ practice: null, reason: 'ambiguous' });
  });

  it('when nothing points at a practice, then it is not known', () => {
    expect(recognise(mail({ to: ['maja@desk.test'], headers: { 'delivered-to': ['maja@desk.test'] } }), 'INBOX')).to.deep.equal({ practice: null, reason: 'none', candidates: [] });
  });

  it('when the desk has one practice (the environment keys), then every complaint is that one\'s, whatever it was sent to', () => {
    const single: PracticeSet = { practices: [practice('kl', {})], holdPrefix: 'KL', single: true };
    expect(recognise(mail({ to: ['klachten@zorg.test'] }), 'Klachten/Zorg', single)).to.deep.include({ by: 'single' });
    expect(idOf(recognise(mail(), null, single))).to.equal('kl');
  });

  it('when a practices file holds one practice, then nothing is held either', () => {
    expect(idOf(recognise(mail(), null, { ...SET, practices: [zorg] }))).to.equal('zorg');
  });

  it('when the delivery headers hold addresses, then they are read out of their display forms', () => {
    expect(recipientAddresses(mail({ to: ['a@x.test'], headers: { 'delivered-to': ['"Maja" <B@X.test>'], 'envelope-to': ['c@x.test; d@x.test'] } })))
      .to.deep.equal(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test']);
  });
});
