/**
 * `recipient-not-allowed`: the recipient guard (src/mail-out/recipient-guard.ts) refused a letter
 * for this address in this role. Never retried, never alerted: the letter is a defect, not mail
 * that went astray.
 */
export class RecipientNotAllowed extends Error {
  readonly code = 'recipient-not-allowed';
  constructor(message: string) {
    super(message);
    this.name = 'RecipientNotAllowed';
  }
}
