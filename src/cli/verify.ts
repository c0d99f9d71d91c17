/** `complaint-desk verify [KL-…] [--json]`: check the chain of events and every stored file; exit 1 when broken. Read-only. */
import { CliError } from '../errors/index.js';
import type { Config } from '../config.js';
import { formatVerification, verifyCases } from '../use-cases/verify-file.js';
import { localDateTime, openReadOnly, safeJson, type Output } from './common.js';

export function runVerify(config: Config, number: string | undefined, opts: { json?: boolean }, out: Output): number {
  const store = openReadOnly(config);
  try {
    let results;
    try {
      results = verifyCases(store, number);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    out.write(opts.json ? safeJson(results) : formatVerification(results, (iso) => localDateTime(iso, config.timeZone)));
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    store.close();
  }
}
