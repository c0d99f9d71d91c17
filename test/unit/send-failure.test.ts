import { expect } from 'chai';
import { decideSendFailure, LetterNotMade, OAuthTokenError, RecipientNotAllowed, TemplateError, type SendFailure } from '../../src/errors/index.js';

const smtp = (responseCode: number, response: string) => Object.assign(new Error(response), { responseCode, response });
const coded = (code: string) => Object.assign(new Error(`${code} happened`), { code });
const early = { attemptsMade: 0, maxAttempts: 5 };
const last = { attemptsMade: 4, maxAttempts: 5 };

type Row = [what: string, err: unknown, attempt: typeof early, expected: Partial<SendFailure>];
const table: Row[] = [
  ['a 4xx with attempts left is retried', smtp(451, '451 4.3.0 try later'), early, { action: 'retry', code: 'smtp-transient', permanent: false, status: '4.3.0', source: 'smtp' }],
  ['a 4xx on the last attempt is alerted, not suppressed', smtp(421, '421 busy'), last, { action: 'alert', permanent: false, status: '421', source: 'smtp' }],
  ['a 5xx is alerted at once and suppresses the address', smtp(550, '550 5.1.1 no such user'), early, { action: 'alert', code: 'smtp-permanent', permanent: true, status: '5.1.1', source: 'smtp' }],
  ['a 5xx without enhanced status gives its reply code', smtp(554, 'rejected'), early, { action: 'alert', permanent: true, status: '554' }],
  ['EAUTH (a refused password) is alerted at once', coded('EAUTH'), early, { action: 'alert', code: 'smtp-permanent', permanent: true, status: null }],
  ['ECONNECTION is retried', coded('ECONNECTION'), early, { action: 'retry', code: 'smtp-transient' }],
  ['ETIMEDOUT is retried', coded('ETIMEDOUT'), early, { action: 'retry', code: 'smtp-transient' }],
  ['ETIMEDOUT on the last attempt is alerted', coded('ETIMEDOUT'), last, { action: 'alert', permanent: false }],
  ['no OAuth2 token yet (EOAUTHTOKEN) is retried', coded('EOAUTHTOKEN'), early, { action: 'retry' }],
  ['an unknown error is retried', new Error('something odd'), early, { action: 'retry' }],
  ['a letter that could not be made is alerted, labelled render', new LetterNotMade(new TemplateError('no template nl/x')), early, { action: 'alert', code: 'letter-not-made', permanent: false, status: null, source: 'render' }],
  ['a bare template error is a render failure too', new TemplateError('broken'), early, { action: 'alert', source: 'render' }],
  ['a recipient-guard refusal is given up without an alert', new RecipientNotAllowed('letter x may not go to this sender'), early, { action: 'give-up', code: 'recipient-not-allowed', source: 'guard' }],
];

describe('decideSendFailure: what a failure to send leads to', () => {
  for (const [what, err, attempt, expected] of table) {
    it(`when ${what}`, () => {
      expect(decideSendFailure(err, attempt)).to.deep.include(expected);
    });
  }

  it('when the letter could not be made, then the reason says so and is at most 300 characters', () => {
    const f = decideSendFailure(new LetterNotMade(new Error('x'.repeat(400))), early);
    expect(f.reason).to.match(/^letter could not be made: x+$/);
    expect(f.detail.length).to.equal(300);
  });

  it('when a token error from the provider is permanent, then it is still a send failure to retry (the endpoint may come back)', () => {
    // smtp.ts turns token trouble into EOAUTHTOKEN before it reaches the decision.
    expect(decideSendFailure(new OAuthTokenError('revoked', true), early).action).to.equal('retry');
  });
});
