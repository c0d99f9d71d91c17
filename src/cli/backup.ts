/** `complaint-desk backup FILE`: an online backup of the store (safe while the service runs). */
import type { Config } from '../config.js';
import { Store } from '../store/store.js';
import type { Output } from './common.js';

export async function runBackup(config: Config, file: string, out: Output): Promise<void> {
  const store = Store.open(config.dataDir);
  await store.backup(file);
  store.close();
  out.write(`backup written to ${file}\n`);
}
