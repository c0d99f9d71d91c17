/** `config`: the environment does not make a valid configuration; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = 'config';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
