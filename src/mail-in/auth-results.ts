/**
 * A small, strict reader for one `Authentication-Results` header field value (RFC 8601 §2.2).
 * Pure. Used by authenticate.ts for COMMAND_AUTH=authres (SPEC §7).
 *
 * Comments are dropped, quoted strings unquoted, and results are split on `;`. A value whose
 * authserv-id cannot be read (Microsoft 365 writes none at all: "spf=pass …; dkim=pass …") gives
 * null: a header we cannot attribute to our own server is worth nothing. A resinfo that does not
 * have the `method=result` shape is dropped, so a malformed part can never read as a pass.
 */

/** One `method=result reason=… ptype.property=value …` entry. */
export interface AuthResult {
  /** Lower-cased method without version, e.g. `dkim`, `dmarc`, `spf`. */
  method: string;
  /** Lower-cased result, e.g. `pass`, `fail`, `none`. */
  result: string;
  reason: string | null;
  /** `ptype.property` (lower-cased) → value as written, e.g. `header.d` → `example.nl`. First occurrence wins. */
  props: Record<string, string>;
}

export interface AuthResultsField {
  /** The authserv-id as written (compare case-insensitively). */
  authservId: string;
  results: AuthResult[];
}

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: ';' | '=' };

/** Split into words, quoted strings, `;` and `=`, dropping (nested) comments and whitespace. */
export function tokenize(value: string): Token[] | null {
  const tokens: Token[] = [];
  let word = '';
  const flush = (): void => {
    if (word !== '') tokens.push({ kind: 'word', text: word });
    word = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    if (c === '(') {
      flush();
      let depth = 1;
      for (i++; i < value.length && depth > 0; i++) {
        const d = value[i];
        if (d === '\\') i++;
        else if (d === '(') depth++;
        else if (d === ')') depth--;
      }
      if (depth > 0) return null; // unterminated comment
      i--;
    } else if (c === '"') {
      flush();
      let text = '';
      for (i++; i < value.length && value[i] !== '"'; i++) {
        if (value[i] === '\\') i++;
        text += value[i] ?? '';
      }
      if (i >= value.length) return null; // unterminated quoted string
      tokens.push({ kind: 'quoted', text });
    } else if (c === ';' || c === '=') {
      flush();
      tokens.push({ kind: c });
    } else if (/\s/.test(c)) {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return tokens;
}

const isValue = (t: Token | undefined): t is { kind: 'word' | 'quoted'; text: string } => t?.kind === 'word' || t?.kind === 'quoted';

/** Parse one field value (the part after `Authentication-Results:`); null when unreadable. */
export function parseAuthResults(value: string): AuthResultsField | null {
  const tokens = tokenize(value);
  if (!tokens) return null;
  const segments: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === ';') segments.push([]);
    else segments[segments.length - 1]!.push(t);
  }
  // authserv-id [ version ]: one value, then at most a number. An `=` here means there is no id.
  const [head = [], ...rest] = segments;
  const [id, version, ...extra] = head;
  if (!isValue(id) || id.text === '' || extra.length > 0) return null;
  if (version !== undefined && !(version.kind === 'word' && /^\d+$/.test(version.text))) return null;

  const results: AuthResult[] = [];
  for (const seg of rest) {
    if (seg.length === 1 && seg[0]?.kind === 'word' && seg[0].text.toLowerCase() === 'none') continue; // "no-result"
    const parsed = resinfo(seg);
    if (parsed) results.push(parsed);
  }
  return { authservId: id.text, results };
}

/** `method[/version] = result` followed by `key = value` pairs; null when the shape is off. */
function resinfo(seg: Token[]): AuthResult | null {
  const [m, eq, r] = seg;
  if (m?.kind !== 'word' || eq?.kind !== '=' || r?.kind !== 'word') return null;
  // A prototype-less object: a property named "__proto__" or "constructor" is just a name here.
  const props = Object.create(null) as Record<string, string>;
  const out: AuthResult = { method: (m.text.split('/')[0] ?? '').toLowerCase(), result: r.text.toLowerCase(), reason: null, props };
  for (let i = 3; i < seg.length; i += 3) {
    const [k, e, v] = [seg[i], seg[i + 1], seg[i + 2]];
    if (k?.kind !== 'word' || e?.kind !== '=' || !isValue(v)) return null;
    const key = k.text.toLowerCase();
    if (key === 'reason') out.reason ??= v.text;
    else if (!Object.hasOwn(props, key)) props[key] = v.text;
  }
  return out;
}
