/**
 * Every error of the service with a code of its own, one class per file, and the one function
 * that decides what a failure to send leads to (send-failure.ts).
 */
export { CliError } from './cli-error.js';
export { CommandRefused } from './command-refused.js';
export { ConfigError } from './config-error.js';
export { LetterNotMade } from './letter-not-made.js';
export { OAuthTokenError } from './oauth-token-error.js';
export { ParseError, type ParseErrorCode } from './parse-error.js';
export { RecipientNotAllowed } from './recipient-not-allowed.js';
export { SmtpError, type SmtpErrorCode } from './smtp-error.js';
export { TemplateError } from './template-error.js';
export { decideSendFailure, smtpErrorOf, type SendFailure } from './send-failure.js';
