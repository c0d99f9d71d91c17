/**
 * Where the project's own files live (templates, migrations), whether we run from src/ via a
 * loader or from dist/src/ after tsc: walk up from this file to the folder with package.json.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the complaint-desk project root above ${start}`);
    dir = up;
  }
}

/** The project root: holds package.json, templates/ and src/store/migrations/. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'src', 'store', 'migrations');
