import { expect } from 'chai';
import { ourMessageId, readOurMessageId } from '../../src/domain/message-id.js';

describe('our Message-IDs', () => {
  const secret = 'test-secret';
  it('when made for a case letter, then it carries the case and reads back', () => {
    const id = ourMessageId(secret, 'praktijk.test', 'KL-2026-0001', 42);
    expect(id).to.match(/^KL-2026-0001\.o42\.[0-9a-f]{12}@praktijk\.test$/);
    expect(readOurMessageId(secret, id)).to.deep.equal({ caseNumber: 'KL-2026-0001', outboxId: 42 });
    expect(readOurMessageId(secret, `<${id}>`)).to.deep.equal({ caseNumber: 'KL-2026-0001', outboxId: 42 });
  });
  it('when made twice for the same row, then it is the same (a retry is recognisable)', () => {
    expect(ourMessageId(secret, 'd.test', 'KL-2026-0001', 1)).to.equal(ourMessageId(secret, 'd.test', 'KL-2026-0001', 1));
  });
  it('when the case number in it is changed, then the signature fails', () => {
    const id = ourMessageId(secret, 'd.test', 'KL-2026-0001', 1).replace('KL-2026-0001', 'KL-2026-0002');
    expect(readOurMessageId(secret, id)).to.equal(null);
  });
  it('when signed with another installation\'s secret, then it is not ours', () => {
    expect(readOurMessageId(secret, ourMessageId('other', 'd.test', 'KL-2026-0001', 1))).to.equal(null);
  });
  it('when it is a non-case letter, then the case is null', () => {
    expect(readOurMessageId(secret, ourMessageId(secret, 'd.test', null, 9))).to.deep.equal({ caseNumber: null, outboxId: 9 });
  });
  it('when it is someone else\'s Message-ID, then it is not ours', () => {
    expect(readOurMessageId(secret, 'CAF=abc123@mail.gmail.com')).to.equal(null);
  });
});
