/**
 * The environment the service reads: process.env over a `.env` file (when present). Kept apart
 * from config.ts so that config validation stays a pure function of a plain object.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export function readEnv(envFile = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(envFile) ? parse(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}
