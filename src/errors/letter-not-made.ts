/**
 * `letter-not-made`: a letter could not be rendered or its attachments not read from the blob
 * store. Retrying cannot make it better: the letter is failed for good and the commissioner told.
 */
export class LetterNotMade extends Error {
  readonly code = 'letter-not-made';
  constructor(cause: unknown) {
    super(`letter could not be made: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'LetterNotMade';
  }
}
