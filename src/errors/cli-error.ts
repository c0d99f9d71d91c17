/** `cli`: a problem a command explains in one line; exit code 1 (a problem) or 2 (bad usage). */
export class CliError extends Error {
  readonly code = 'cli';
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'CliError';
  }
}
