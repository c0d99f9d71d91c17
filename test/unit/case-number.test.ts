import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { caseNumberInSubject, formatCaseNumber, taggedSubject } from '../../src/domain/case-number.js';
import { Store } from '../../src/store/store.js';

describe('case numbers', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-numbers-'));
    store = Store.open(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when formatted, then the sequence is zero-padded to four digits', () => {
    expect(formatCaseNumber('KL', 2026, 7)).to.equal('KL-2026-0007');
    expect(formatCaseNumber('KL', 2026, 12345)).to.equal('KL-2026-12345');
  });

  it('when cases are numbered across a year boundary, then each year starts at 0001 and has no gaps', () => {
    const got = [2026, 2026, 2026, 2027, 2027, 2026].map((y) => store.tx(() => store.cases.nextNumber('KL', y)));
    expect(got).to.deep.equal(['KL-2026-0001', 'KL-2026-0002', 'KL-2026-0003', 'KL-2027-0001', 'KL-2027-0002', 'KL-2026-0004']);
  });

  it('when the transaction that took a number rolls back, then the number is given out again (gap-free)', () => {
    expect(() => store.tx(() => {
      store.cases.nextNumber('KL', 2026);
      throw new Error('crash inside the transaction');
    })).to.throw('crash');
    expect(store.tx(() => store.cases.nextNumber('KL', 2026))).to.equal('KL-2026-0001');
  });

  it('when prefixes differ, then they count separately', () => {
    store.tx(() => store.cases.nextNumber('KL', 2026));
    expect(store.tx(() => store.cases.nextNumber('KC', 2026))).to.equal('KC-2026-0001');
  });

  it('when a subject carries a tag, then the case number is read from it', () => {
    expect(caseNumberInSubject('Re: [KL-2026-0007] Ontvangstbevestiging')).to.equal('KL-2026-0007');
    expect(caseNumberInSubject('RE: AW: [KL-2026-0012] #uitspraak gegrond')).to.equal('KL-2026-0012');
    expect(caseNumberInSubject('KL-2026-0007 without brackets')).to.equal(null);
    expect(caseNumberInSubject('[kl-2026-0007] lower case')).to.equal(null);
  });

  it('when a subject is tagged, then CR/LF and tabs cannot survive into it', () => {
    expect(taggedSubject('KL-2026-0001', 'Nieuwe klacht\r\nBcc: evil@example.test')).to.equal('[KL-2026-0001] Nieuwe klacht Bcc: evil@example.test');
  });
});
