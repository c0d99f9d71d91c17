/**
 * Generated complaints for the benchmarks: varied in shape (plain UTF-8, quoted-printable,
 * HTML only, multipart/alternative, ISO-8859-1, with PDF/JPEG attachments) and each from its
 * own sender, so every one is a new case (a second mail from the same sender would be filed in
 * the sender's open case instead). Deterministic for a given seed, so runs compare.
 */
import { randomBytes } from 'node:crypto';
import { mulberry32 as rng } from '../../tools/seeded-random.js';

export { rng };

export interface GeneratedComplaint {
  raw: Buffer;
  /** Without angle brackets. */
  messageId: string;
  from: string;
  shape: Shape;
}

export type Shape = 'plain' | 'qp' | 'html' | 'alternative' | 'latin1' | 'attachment';

const FIRST = ['Jan', 'Fatima', 'Pieter', 'Sanne', 'Mohamed', 'Eva', 'Daan', 'Noor', 'Kees', 'Lotte', 'Ahmed', 'Anouk'];
const LAST = ['Jansen', 'de Vries', 'Bakker', 'El Amrani', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Yılmaz', 'Peters'];
const TOPICS = [
  'de behandeling op 12 november', 'een onjuiste factuur', 'het gedrag van een medewerker', 'lange wachttijden',
  'het niet terugbellen', 'de privacy van mijn gegevens', 'een gemiste afspraak', 'de communicatie over mijn dossier',
];
const SENTENCES = [
  'Ik ben op de afgesproken tijd verschenen, maar werd pas na een uur geholpen.',
  'De medewerker sprak mij onheus en luid aan in het bijzijn van andere cliënten.',
  'Ondanks herhaalde verzoeken heb ik geen reactie ontvangen op mijn e-mails.',
  'Op de factuur staan behandelingen die nooit hebben plaatsgevonden.',
  'Ik heb dit eerst met de medewerker en daarna met de eigenaar besproken, maar we zijn er niet uitgekomen.',
  'Mijn gegevens zijn zonder mijn toestemming met een derde gedeeld.',
  'Graag ontvang ik een schriftelijke reactie binnen de termijn van de klachtenregeling.',
  'Het gaat mij niet om geld, maar om erkenning en om verbetering voor anderen.',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function body(r: () => number, paragraphs: number): string[] {
  const out: string[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const n = 2 + Math.floor(r() * 4);
    out.push(Array.from({ length: n }, () => pick(r, SENTENCES)).join(' '));
  }
  return out;
}

/** Quoted-printable, soft-wrapped at 76. */
function qp(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let line = '';
  const lines: string[] = [];
  for (const b of bytes) {
    const ch = b === 0x0a ? '\n' : (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (ch === '\n') {
      lines.push(line);
      line = '';
      continue;
    }
    if (line.length + ch.length > 75) {
      lines.push(`${line}=`);
      line = '';
    }
    line += ch;
  }
  lines.push(line);
  return lines.join('\r\n');
}

function b64(buf: Buffer): string {
  return buf.toString('base64').replace(/.{76}/g, '$&\r\n');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The i-th complaint of a run. `runTag` keeps senders and Message-IDs unique across runs on
 * the same stack; `attachmentEvery` makes every k-th one carry attachments (0 = never).
 */
export function complaint(i: number, opts: { runTag: string; seed?: number; attachmentEvery?: number; shape?: Shape }): GeneratedComplaint {
  const r = rng((opts.seed ?? 1) * 100_003 + i);
  const first = pick(r, FIRST);
  const last = pick(r, LAST);
  const from = `${first}.${last.replace(/[^A-Za-z]/g, '')}.${opts.runTag}.${i}@example.test`.toLowerCase();
  const messageId = `bench-${opts.runTag}-${i}@mail.example.test`;
  const subject = `Klacht over ${pick(r, TOPICS)}`;
  const every = opts.attachmentEvery ?? 0;
  const shapes: Shape[] = ['plain', 'qp', 'html', 'alternative', 'latin1'];
  const shape: Shape = opts.shape ?? (every > 0 && i % every === every - 1 ? 'attachment' : shapes[i % shapes.length]!);
  const paragraphs = body(r, 1 + Math.floor(r() * 4));
  const signature = `Met vriendelijke groet,\n${first} ${last}`;
  const text = ['Geachte klachtencommissaris,', ...paragraphs, signature].join('\n\n');
  const html = `<html><body><p>Geachte klachtencommissaris,</p>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<p>${escapeHtml(signature).replace('\n', '<br>')}</p></body></html>`;
  const fromHeader = /[^\x20-\x7e]/.test(last) ? `=?UTF-8?B?${Buffer.from(`${first} ${last}`).toString('base64')}?=` : `${first} ${last}`;
  const head = [
    `From: ${fromHeader} <${from}>`,
    'To: klachten@praktijk.test',
    `Subject: ${subject}`,
    `Date: ${new Date(Date.UTC(2026, 2, 2, 9, 0, 0) + i * 60_000).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
  ];
  const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
  let rest: string[];
  switch (shape) {
    case 'plain':
      rest = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', crlf(text)];
      break;
    case 'qp':
      rest = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', qp(text)];
      break;
    case 'html':
      rest = ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', qp(html)];
      break;
    case 'latin1':
      rest = ['Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: base64', '',
        b64(Buffer.from(text.replace(/ı/g, 'i'), 'latin1'))];
      break;
    case 'alternative': {
      const b = `alt-${opts.runTag}-${i}`;
      rest = [`Content-Type: multipart/alternative; boundary="${b}"`, '',
        `--${b}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', qp(text),
        `--${b}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', qp(html),
        `--${b}--`];
      break;
    }
    case 'attachment': {
      const b = `mix-${opts.runTag}-${i}`;
      const count = 1 + Math.floor(r() * 3);
      const parts: string[] = [];
      for (let k = 0; k < count; k++) {
        const pdf = k % 2 === 0;
        const size = Math.floor((pdf ? 40_000 : 120_000) + r() * 160_000); // 40–280 KB
        const data = Buffer.concat([Buffer.from(pdf ? '%PDF-1.7\n' : '\xff\xd8\xff\xe0', 'latin1'), randomBytes(size)]);
        parts.push(`--${b}`, `Content-Type: ${pdf ? 'application/pdf' : 'image/jpeg'}; name="bijlage-${k + 1}.${pdf ? 'pdf' : 'jpg'}"`,
          'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; filename="bijlage-${k + 1}.${pdf ? 'pdf' : 'jpg'}"`, '', b64(data));
      }
      rest = [`Content-Type: multipart/mixed; boundary="${b}"`, '',
        `--${b}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', crlf(text),
        ...parts, `--${b}--`];
      break;
    }
  }
  const raw = Buffer.from([...head, ...rest, ''].join('\r\n'), 'utf8');
  return { raw, messageId, from, shape };
}

/** The raw In-Reply-To header of a letter answering `messageId`, as the sink sees it. */
export function answers(raw: Buffer, messageId: string): boolean {
  const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
  const at = head.search(/^In-Reply-To:/im);
  if (at < 0) return false;
  return head.slice(at, head.indexOf('\n', at)).includes(`<${messageId}>`);
}
