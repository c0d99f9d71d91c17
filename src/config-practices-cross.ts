/**
 * The checks of PRACTICES_FILE that look at more than one value (issue 16): ids, names and
 * prefixes unique, the hold series apart, owners who are neither the desk nor the commissioner, no
 * recognition address, plus-tag or folder claimed by two practices or by the desk itself, and
 * every templates folder present. They read the file as written (not as zod parsed it), so that
 * a practice with a wrong value elsewhere is still checked: every problem at once.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseNamedAddress } from './config-mailbox.js';

/** Held cases are numbered in this series when the file names none (the prefix of a desk without the file). */
export const DEFAULT_HOLD_PREFIX = 'KL';

/** What the environment says about the desk, for the checks that compare the file with it. */
export interface DeskFacts {
  /** MAIL_FROM and MAILBOX_ADDRESS, bare and lower case. */
  ownAddresses: string[];
  commissionerEmails: string[];
  /** The folders the service itself uses, by key: IMAP_MAILBOX, IMAP_PROCESSED_MAILBOX, … */
  mailboxes: { key: string; name: string }[];
  /** DEFAULT_LANGUAGE: a practice's language when the file gives none. */
  defaultLanguage: 'nl' | 'en';
}

/** A problem at a place in the file; `got`: append the value found there. */
export interface Problem {
  path: PropertyKey[];
  message: string;
  got?: boolean;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The strings of a value that is one string or a list, with their paths. */
function strings(v: unknown, path: PropertyKey[]): { value: string; path: PropertyKey[] }[] {
  if (typeof v === 'string') return [{ value: v, path }];
  if (!Array.isArray(v)) return [];
  return v.flatMap((s, i) => (typeof s === 'string' ? [{ value: s, path: [...path, i] }] : []));
}

/** `practices[1] (lux)`, as the problem lines name a practice. */
const nameOf = (i: number, r: Raw) => `practices[${i + 1}]${typeof r.id === 'string' && r.id ? ` (${r.id.slice(0, 40)})` : ''}`;

/** Remembers who claimed a value first, and names the second claim. */
class Claims {
  private readonly first = new Map<string, string>();
  constructor(private readonly what: string, private readonly out: Problem[]) {}
  claim(key: string, shown: string, by: string, path: PropertyKey[]): void {
    const earlier = this.first.get(key);
    if (earlier === undefined) this.first.set(key, by);
    else if (earlier !== by) this.out.push({ path, message: `${shown} is also ${this.what} ${earlier}` });
  }
  has(key: string): string | undefined {
    return this.first.get(key);
  }
}

function folderProblem(dir: string): string | null {
  try {
    return statSync(dir).isDirectory() ? null : `${dir} is not a folder`;
  } catch {
    return `${dir} does not exist (a folder of letter templates, relative to the practices file)`;
  }
}

export function practiceCrossChecks(raw: unknown, desk: DeskFacts, baseDir: string): Problem[] {
  const out: Problem[] = [];
  if (!isObject(raw) || !Array.isArray(raw.practices)) return out;
  const hold = typeof raw.holdPrefix === 'string' ? raw.holdPrefix : DEFAULT_HOLD_PREFIX;
  const ids = new Claims('the id of', out);
  const prefixes = new Claims('the prefix of', out);
  const names = new Claims('the name of', out);
  const addresses = new Claims('recognised for', out);
  const tags = new Claims('the plus-tag of', out);
  const folders = new Claims('the intake folder of', out);
  const own = new Set(desk.ownAddresses);
  const practices = raw.practices.map((r, i) => ({ r, i })).filter((x): x is { r: Raw; i: number } => isObject(x.r));

  for (const { r, i } of practices) {
    const me = nameOf(i, r);
    const at = (...p: PropertyKey[]) => ['practices', i, ...p];
    if (typeof r.id === 'string') ids.claim(r.id, `'${r.id.slice(0, 40)}'`, me, at('id'));
    // Two practices of one name could not be told apart in a letter, nor by the parties.
    if (typeof r.name === 'string' && r.name.trim()) names.claim(r.name.trim().toLowerCase(), `'${r.name.trim().slice(0, 60)}'`, me, at('name'));
    if (typeof r.casePrefix === 'string') {
      prefixes.claim(r.casePrefix, r.casePrefix.slice(0, 20), me, at('casePrefix'));
      if (r.casePrefix === hold) out.push({ path: at('casePrefix'), message: `must differ from holdPrefix ${hold}, the series held cases are numbered in until #praktijk assigns them (set holdPrefix to another)` });
    }
    const rec = isObject(r.recognise) ? r.recognise : {};
    for (const a of strings(rec.addresses, at('recognise', 'addresses'))) {
      const address = a.value.trim().toLowerCase();
      addresses.claim(address, address, me, a.path);
      if (own.has(address)) out.push({ path: a.path, message: `${address} is the desk's own address (MAIL_FROM or MAILBOX_ADDRESS), which every complaint is sent to; name an alias or a plus-address` });
    }
    for (const t of strings(rec.plusTags, at('recognise', 'plusTags'))) tags.claim(t.value.trim().toLowerCase(), `+${t.value.trim()}`, me, t.path);
    for (const f of strings(rec.folders, at('recognise', 'folders'))) {
      const folder = f.value.trim();
      folders.claim(folder.toLowerCase(), folder, me, f.path);
      const used = desk.mailboxes.find((m) => m.name.toLowerCase() === folder.toLowerCase());
      if (used) out.push({ path: f.path, message: `${folder} is ${used.key}, a folder the service itself uses; an intake folder must be another` });
    }
    if (typeof r.templatesDir === 'string' && r.templatesDir.trim()) {
      const problem = folderProblem(resolve(baseDir, r.templatesDir.trim()));
      if (problem) out.push({ path: at('templatesDir'), message: problem });
    }
  }
  // Owners after every recognition address is known: an owner at such an address is this mailbox.
  for (const { r, i } of practices) {
    for (const o of strings(r.ownerEmails, ['practices', i, 'ownerEmails'])) {
      const address = parseNamedAddress(o.value)?.address;
      if (!address) continue;
      if (own.has(address)) out.push({ path: o.path, message: `${address} is the service's own address (MAIL_FROM or MAILBOX_ADDRESS): the owner's letters would come back to this mailbox` });
      else if (desk.commissionerEmails.includes(address)) out.push({ path: o.path, message: `${address} is a commissioner's address (COMMISSIONER_EMAILS); the owner is someone else, who carries out her rulings (art. 9)` });
      const claimedBy = addresses.has(address);
      if (claimedBy) out.push({ path: o.path, message: `${address} is an address complaints are recognised by (for ${claimedBy}): it reaches this mailbox, so the owner's letters would come back to it` });
    }
  }
  return out;
}
