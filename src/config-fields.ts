/**
 * The kinds of value the configuration is made of (src/config.ts declares the keys): each with
 * the one-line message check-config prints when a value does not fit.
 */
import { z } from 'zod';
import { parseLocalDate } from './domain/calendar.js';

export const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const int = (def: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` })
    .default(def);

export const required = (what: string) =>
  z.string({ message: `is required (${what})` }).trim().min(1, { message: `is required (${what})` });

export const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address' }));

export const emailList = z
  .string({ message: 'is required (one or more addresses, comma-separated)' })
  .transform((s) => s.split(/[,;\s]+/).map((a) => a.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email({ message: 'must hold only e-mail addresses' })).min(1, { message: 'needs at least one address' }));

export const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Amsterdam' },
);

export const localDates = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const out: string[] = [];
    for (const part of s.split(/[,\s]+/).filter(Boolean)) {
      try {
        out.push(parseLocalDate(part));
      } catch {
        ctx.addIssue({ code: 'custom', message: `holds '${part}', which is not a date YYYY-MM-DD` });
      }
    }
    return out;
  });

/** Token endpoints get client secrets: TLS, except on loopback (tests, a local proxy). */
export function isTokenUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

/** The web overview's public address: http(s), an origin without path, query or fragment. */
export function isWebBaseUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.pathname === '/' && !url.search && !url.hash && !url.username;
  } catch {
    return false;
  }
}

/**
 * The reason categories of #verleng and #afwezig (issue 14 §5): lower-case words, comma-separated,
 * always holding `overig`, where reasons from before categories and moves without a reason go.
 */
export const reasonCategories = z
  .string()
  .default('ziekte,vakantie,deskundige,overig')
  .transform((s) => [...new Set(s.split(/[,;\s]+/).map((w) => w.trim().toLowerCase()).filter(Boolean))])
  .refine((list) => list.every((w) => /^[\p{Ll}][\p{Ll}\p{N}-]{0,29}$/u.test(w)), { message: 'must be words of letters, digits and -, comma-separated' })
  .refine((list) => list.includes('overig'), { message: "must include 'overig' (where moves without a reason, and old reasons, go)" });
