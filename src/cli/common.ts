/**
 * What the CLI commands share: the read-only store, today's date, terminal-safe text, colours
 * (only when stdout is a terminal and NO_COLOR is unset), and errors that carry an exit code.
 */
import { CliError } from '../errors/index.js';
import { BIDI_CONTROLS, outsideText } from '../domain/outside-text.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { localDateOf, WorkingDayCalendar, type LocalDate } from '../domain/calendar.js';
import type { Clock } from '../domain/clock.js';
import { Store } from '../store/store.js';


/** Where a command writes; tests and the commands themselves pass process.stdout. */
export interface Output {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * The store opened read-only: no migration, no write lock, so it works while the service runs
 * (SQLite WAL lets readers and one writer work side by side).
 */
export function openReadOnly(config: Config): Store {
  const file = join(config.dataDir, 'complaint-desk.sqlite');
  if (!existsSync(file)) throw new CliError(`no case store at ${file}: is DATA_DIR right, and has the service run with it?`);
  return Store.open(config.dataDir, { readonly: true });
}

export function calendarOf(config: Config): WorkingDayCalendar {
  return new WorkingDayCalendar({ liberationDay: config.liberationDay, closedDays: config.closedDays });
}

export function todayIn(config: Config, clock: Clock): LocalDate {
  return localDateOf(clock.now(), config.timeZone);
}

/** 'YYYY-MM-DD HH:mm' of an ISO instant on the wall clock of `timeZone`. */
export function localDateTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(d);
}

/**
 * Text from mail (names, subjects, file names) made safe for a terminal: control characters,
 * escape sequences become '?' and bidirectional overrides U+FFFD, so a name cannot recolour, move the
 * cursor or reverse what follows it. Cut to `max` characters only when given: list views cut,
 * the full view (`cases show`) never does.
 */
export function safeText(s: string | null | undefined, max?: number): string {
  // Bidirectional controls by the one rule for outside text (domain/outside-text.ts), terminal controls here.
  const clean = outsideText(s ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return max !== undefined && clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * JSON for standard output: still valid JSON, but with C1 controls and bidirectional overrides
 * written as \\u escapes, so that printing it to a terminal cannot be abused either.
 */
export function safeJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(new RegExp(`[\\u007f-\\u009f]|${BIDI_CONTROLS.source}`, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

export type Colour = 'red' | 'yellow' | 'green' | 'dim' | 'bold' | 'cyan';

/** SGR on/off codes. Our own, not util.styleText: that one checks process.stdout itself, differently per Node version. */
const SGR: Record<Colour, [number, number]> = { red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39], dim: [2, 22], bold: [1, 22] };

/** A painter that colours only when `out` is a terminal and NO_COLOR is not set (no-color.org). */
export function painter(out: Output, env: NodeJS.ProcessEnv = process.env): (c: Colour, s: string) => string {
  const on = out.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return (c, s) => (on ? `\u001b[${SGR[c][0]}m${s}\u001b[${SGR[c][1]}m` : s);
}

/** Pad to `width` columns (counting code points, which is close enough for names). */
export function pad(s: string, width: number): string {
  const n = [...s].length;
  return n >= width ? s : s + ' '.repeat(width - n);
}

/** Human size: 512 B, 2.1 kB, 3.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
