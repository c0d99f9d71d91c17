/**
 * `template`: a letter template is missing or broken, or could not be rendered with the letter's
 * facts. A deployment problem, reported at start by check-config; while sending, the letter is
 * failed for good and the commissioner is told.
 */
export class TemplateError extends Error {
  readonly code = 'template';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}
