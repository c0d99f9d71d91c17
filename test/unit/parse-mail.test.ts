import { ParseError } from '../../src/errors/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const fixture = (name: string): Buffer => readFileSync(join(PROJECT_ROOT, 'test/fixtures/mail', name));
const LIMITS = { maxBytes: 10_000_000, timeoutMs: 10_000 };
const parse = (raw: Buffer | string, limits = LIMITS) => parseMail(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), limits);

async function parseError(promise: Promise<unknown>): Promise<ParseError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

interface Expected {
  file: string;
  messageId: string;
  from: string;
  subject: string;
  contentType: string;
  date: string;
  text: string[];
  html: boolean;
  attachments: string[];
  inReplyTo?: string;
  to?: string;
}

const OUR_ID_1 = 'KL-2026-0001.o12.3f9a0c1d2e4b@complaint-desk.local';

const FIXTURES: Expected[] = [
  {
    file: 'complaint-plain.eml',
    messageId: '8E3F2A71-4C9D-4B6E-A0F5-2D7C1B9E6A34@example.test',
    from: 'j.devries@example.test',
    subject: 'Klacht over behandeling op 5 januari',
    contentType: 'text/plain',
    date: '2026-01-12T08:14:27.000Z',
    text: ['duurde één uur langer', 'privé-situatie', 'patiënten', '06-12345678'],
    html: false,
    attachments: [],
  },
  {
    file: 'complaint-iso-8859-1.eml',
    messageId: '000801dc83a1$4f2e1c80$0a00a8c0@oudpc',
    from: 'r.muller@example.test',
    subject: 'Klacht over de reële kosten van één consult',
    contentType: 'text/plain',
    date: '2026-01-12T15:40:05.000Z',
    // format=flowed: the soft line break after "gebracht," is joined back into one line.
    text: ['Voor één consult', 'de reële prijs', 'gebracht, terwijl', 'Renée Müller'],
    html: false,
    attachments: [],
  },
  {
    file: 'complaint-html-only.eml',
    messageId: '1927364518.3468291.1768334744012@mail.example.test',
    from: 's.elbaz@example.test',
    subject: 'Klacht: bejegening door de assistente',
    contentType: 'text/html',
    date: '2026-01-13T20:05:44.000Z',
    text: ['Geachte klachtenfunctionaris,', 'reageerde zij geïrriteerd', '"maar moest'],
    html: true,
    attachments: [],
  },
  {
    file: 'complaint-with-attachment.eml',
    messageId: 'DB9PR03MB7284A1C5E2F04B8D9E6C3A71D51C2@DB9PR03MB7284.eurprd03.prod.outlook.com',
    from: 'a.peeters@example.test',
    subject: 'Klacht over factuur 2025-118',
    contentType: 'multipart/mixed',
    date: '2026-01-14T10:47:58.000Z',
    text: ['In de bijlage vindt u factuur 2025-118.'],
    html: true,
    attachments: ['application/pdf Factuur 2025-118.pdf'],
  },
  {
    file: 'outlook-out-of-office.eml',
    messageId: 'AM9PR10MB41870F3A9D2B4C7E8A1D5B62C83A2@AM9PR10MB4187.EURPRD10.PROD.OUTLOOK.COM',
    from: 'm.jansen@example.test',
    subject: 'Automatisch antwoord: [KL-2026-0001] Ontvangstbevestiging van uw klacht',
    contentType: 'multipart/alternative',
    date: '2026-01-13T08:02:41.000Z',
    text: ['Ik ben afwezig tot en met maandag 19 januari'],
    html: true,
    attachments: [],
    inReplyTo: OUR_ID_1,
  },
  {
    file: 'gmail-vacation.eml',
    messageId: 'CAKx7Wq3vJ0bN9mZ8rT2yF5hLd1pQe4sUo6cGaXkViB3wRn0tMA@mail.gmail.com',
    from: 'p.bakker@example.test',
    subject: 'Afwezig tot 19 januari',
    contentType: 'multipart/alternative',
    date: '2026-01-14T09:31:06.000Z',
    text: ['op vakantie'],
    html: true,
    attachments: [],
    inReplyTo: 'KL-2026-0002.o15.9b1c2d3e4f5a@complaint-desk.local',
  },
  {
    file: 'postfix-bounce.eml',
    messageId: '20260113091502.4dQ9wL1m3Rz2xYb@mail.example.nl',
    from: 'mailer-daemon@mail.example.nl',
    subject: 'Undelivered Mail Returned to Sender',
    contentType: 'multipart/report',
    date: '2026-01-13T09:15:02.000Z',
    text: ['could not', 'User unknown'],
    html: false,
    attachments: ['message/delivery-status attachment-1.txt', 'message/rfc822 attachment-2.eml'],
  },
  {
    file: 'exchange-bounce.eml',
    messageId: '5c2e8b1a-7d4f-4e0a-b9c3-1f6d2a8e0b47@EXCH01.ad.example.test',
    from: 'microsoftexchange329e71ec88ae4615bbc36ab6ce41109e@example.test',
    subject: 'Undeliverable: [KL-2026-0003] Verzoek om schriftelijke reactie',
    contentType: 'multipart/report',
    date: '2026-01-14T13:20:32.000Z',
    text: ['Delivery has failed to these recipients or groups:'],
    html: true,
    attachments: ['message/delivery-status attachment-1.txt', 'text/rfc822-headers attachment-2.txt'],
    inReplyTo: 'KL-2026-0003.o21.7a8b9c0d1e2f@complaint-desk.local',
  },
  {
    file: 'exim-bounce-plain.eml',
    messageId: 'E1vgQ7d-0003Xy-9S@mx.example.test',
    from: 'mailer-daemon@mx.example.test',
    subject: 'Mail delivery failed: returning message to sender',
    contentType: 'text/plain',
    date: '2026-01-15T10:02:13.000Z',
    text: ['This is a permanent error', 'Message-ID: <KL-2026-0004.o27.5e6f7a8b9c0d@complaint-desk.local>'],
    html: false,
    attachments: [],
  },
  {
    file: 'mailing-list.eml',
    messageId: '176845859812.4711.8213467530192837465@lists.example.test',
    from: 'redactie@example.test',
    subject: '[Nieuwsbrief] Januari 2026: nieuwe richtlijn klachtenregeling',
    contentType: 'text/plain',
    date: '2026-01-15T06:29:58.000Z',
    text: ['nieuwe richtlijn'],
    html: false,
    attachments: [],
    to: 'nieuwsbrief@lists.example.test',
  },
  {
    file: 'noreply-notification.eml',
    messageId: 'Xq3bT9kVRm2wLp0sNc7YhA@geopod-ismtpd-12',
    from: 'noreply@mijn.example.test',
    subject: 'Er staat een nieuw bericht voor u klaar',
    contentType: 'multipart/alternative',
    date: '2026-01-15T11:00:06.000Z',
    text: ['Log in om het'],
    html: true,
    attachments: [],
  },
];

describe('parseMail: fixtures', () => {
  for (const want of FIXTURES) {
    it(`reads ${want.file}`, async () => {
      const mail = await parse(fixture(want.file));
      expect(mail.messageId).to.equal(want.messageId);
      expect(mail.from?.address).to.equal(want.from);
      expect(mail.fromCount).to.equal(1);
      expect(mail.to.map((a) => a.address)).to.deep.equal([want.to ?? 'klachten@example.nl']);
      expect(mail.subject).to.equal(want.subject);
      expect(mail.contentType).to.equal(want.contentType);
      expect(mail.date?.toISOString()).to.equal(want.date);
      expect(mail.inReplyTo).to.equal(want.inReplyTo ?? null);
      for (const piece of want.text) expect(mail.text).to.include(piece);
      expect(mail.text).not.to.match(/<\/?(div|p|b|br|html)\b/i, 'no markup in text');
      expect(mail.html !== null).to.equal(want.html, 'html present');
      expect(mail.attachments.map((a) => `${a.contentType} ${a.filename}`)).to.deep.equal(want.attachments);
      expect(Object.keys(mail.headers).every((k) => k === k.toLowerCase())).to.equal(true);
    });
  }

  it('fills attachments with size and SHA-256 of the decoded content', async () => {
    const [pdf] = (await parse(fixture('complaint-with-attachment.eml'))).attachments;
    expect(pdf?.size).to.equal(148);
    expect(pdf?.content.length).to.equal(148);
    expect(pdf?.content.subarray(0, 8).toString('latin1')).to.equal('%PDF-1.4');
    expect(pdf?.sha256).to.equal('6ed7f3aebfaf2ee3913347e0844980ccf8101f72be9f2e7858922276768012da');
  });

  it('keeps a bounce readable: the delivery report and returned message as attachments', async () => {
    const mail = await parse(fixture('postfix-bounce.eml'));
    const [dsn, returned] = mail.attachments;
    expect(dsn?.content.toString('utf8')).to.include('Status: 5.1.1');
    expect(returned?.content.toString('utf8')).to.include(`Message-ID: <${OUR_ID_1}>`);
    expect(mail.text).not.to.include('Final-Recipient', 'the report is not glued into the text');
  });

  it('keeps every raw header value, unfolded and in order', async () => {
    const mail = await parse(fixture('outlook-out-of-office.eml'));
    expect(mail.headers.received).to.have.length(2);
    expect(mail.headers.received?.[0]).to.match(/^from AM9PR10MB4187\.EURPRD10\.PROD\.OUTLOOK\.COM \(2603/);
    expect(mail.headers.received?.[0]).not.to.match(/[\r\n]/);
    expect(mail.headers.subject).to.deep.equal(['Automatisch antwoord: [KL-2026-0001] Ontvangstbevestiging van uw klacht']);
    expect(mail.headers['auto-submitted']).to.deep.equal(['auto-generated']);
    expect(mail.headers['x-ms-has-attach']).to.deep.equal(['']);
    expect(mail.references).to.deep.equal([OUR_ID_1]);
    const iso = await parse(fixture('complaint-iso-8859-1.eml'));
    expect(iso.headers.subject?.[0]).to.equal('=?iso-8859-1?Q?Klacht_over_de_re=EBle_kosten_van_=E9=E9n_consult?=', 'raw, not decoded');
    expect(iso.from).to.deep.equal({ address: 'r.muller@example.test', name: 'Renée Müller' });
  });
});

describe('parseMail: refusals', () => {
  it('refuses a message over maxBytes before parsing it', async () => {
    const err = await parseError(parse(fixture('complaint-plain.eml'), { maxBytes: 100, timeoutMs: 10_000 }));
    expect(err.code).to.equal('too-large');
    expect(err.reason).to.match(/over the limit of 100/);
  });

  const emptyCases: [string, Buffer][] = [
    ['a zero-byte file', fixture('empty.eml')],
    ['only whitespace', Buffer.from('\r\n \r\n\t\r\n')],
    ['a body without any header line', Buffer.from('\r\nhallo, dit is mijn klacht\r\n')],
    ['text without a single "Name: value" line', Buffer.from('zomaar wat tekst\nnog meer tekst\n')],
  ];
  for (const [what, raw] of emptyCases) {
    it(`calls ${what} empty`, async () => {
      expect((await parseError(parse(raw))).code).to.equal('empty');
    });
  }

  it('calls a mail whose multipart boundary never occurs malformed, not an empty complaint', async () => {
    // Decision: mailparser silently drops such a body as preamble (text ""), which would open a
    // case without the complaint. Quarantine keeps the whole message for the commissioner.
    const err = await parseError(parse(fixture('malformed-mime.eml')));
    expect(err.code).to.equal('malformed');
    expect(err.reason).to.match(/boundary/);
    expect(err.reason).not.to.include('wachten', 'no body text in the reason');
  });

  it('calls it malformed when mailparser throws (a header block over 1 MB)', async () => {
    const raw = `X-Big: ${'a'.repeat(1_100_000)}\r\nFrom: a@example.test\r\nSubject: x\r\n\r\nbody\r\n`;
    const err = await parseError(parse(raw));
    expect(err.code).to.equal('malformed');
    expect(err.reason).to.match(/header size/i);
  });

  it('gives up after timeoutMs', async () => {
    // About 6 MB of base64 takes far more than 1 ms to decode and hash.
    const payload = Buffer.alloc(4_500_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = [
      'From: a@example.test',
      'Subject: groot',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      payload,
      '--b--',
      '',
    ].join('\r\n');
    const err = await parseError(parse(raw, { maxBytes: 10_000_000, timeoutMs: 1 }));
    expect(err.code).to.equal('timeout');
  });
});

describe('parseMail: hostile and odd headers', () => {
  const mail = (headers: string[], body = 'tekst') => parse([...headers, '', body, ''].join('\r\n'));

  it('counts every From address across repeated From headers (mailparser keeps only the first)', async () => {
    const m = await mail(['From: Echt <echt@example.test>', 'From: =?utf-8?Q?Nep?= <nep@example.test>, derde@example.test', 'Subject: x']);
    expect(m.fromCount).to.equal(3);
    expect(m.from?.address).to.equal('echt@example.test');
    expect(m.headers.from).to.have.length(2);
  });

  it('replaces CR/LF and other control characters in the subject and names by spaces', async () => {
    const m = await mail(['From: =?utf-8?Q?Jan=0D=0ABcc=3A_x@example.test?= <jan@example.test>', 'Subject: =?utf-8?Q?Klacht=0D=0ABcc:_evil@example.test?=\t=?utf-8?Q?=07nu?=']);
    expect(m.subject).to.equal('Klacht Bcc: evil@example.test nu');
    // The injected line's address leaves the name too: a display name never carries an address (outside-text.ts).
    expect(m.from?.name).to.equal('Jan Bcc:');
  });

  it('strips angle brackets and comments from ids, and reads References oldest first', async () => {
    const m = await mail([
      'From: a@example.test',
      'Message-ID: <abc@example.test> (added by a gateway)',
      'In-Reply-To: <first@example.test> <second@example.test>',
      'References: <r1@example.test>',
      '  <r2@example.test>\t<r3@example.test>',
    ]);
    expect(m.messageId).to.equal('abc@example.test');
    expect(m.inReplyTo).to.equal('first@example.test');
    expect(m.references).to.deep.equal(['r1@example.test', 'r2@example.test', 'r3@example.test']);
  });

  it('gives null, not "now", for a missing or unreadable Date, and null ids when absent', async () => {
    expect((await mail(['From: a@example.test', 'Date: gisteren'])).date).to.equal(null);
    const m = await mail(['From: a@example.test']);
    expect([m.date, m.messageId, m.inReplyTo, m.subject]).to.deep.equal([null, null, null, '']);
  });

  it('reads raw 8-bit headers as UTF-8, or as Latin-1 when they are not UTF-8', async () => {
    const m = await mail(['From: Zoë <zoe@example.test>', 'Subject: Klacht één', 'X-Opmerking: één']);
    expect([m.headers['x-opmerking'], m.subject, m.from?.name]).to.deep.equal([['één'], 'Klacht één', 'Zoë']);
    const latin1 = await parse(Buffer.from('From: Zoë <zoe@example.test>\r\nSubject: Klacht één\r\n\r\ntekst\r\n', 'latin1'));
    expect([latin1.headers.subject, latin1.subject, latin1.from?.name]).to.deep.equal([['Klacht één'], 'Klacht één', 'Zoë']);
  });

  it('has no sender when From holds no address, and flattens groups in To', async () => {
    const m = await mail(['From: Alleen een naam', 'To: Team: a@example.test, B@Example.test;, c@example.test']);
    expect([m.from, m.fromCount]).to.deep.equal([null, 0]);
    expect(m.to.map((a) => a.address)).to.deep.equal(['a@example.test', 'b@example.test', 'c@example.test']);
  });

  it('keeps a header called __proto__ as a header', async () => {
    const m = await mail(['From: a@example.test', '__proto__: x', 'Constructor: y']);
    expect(m.headers['__proto__']).to.deep.equal(['x']);
    expect(m.headers.constructor).to.deep.equal(['y']);
    expect(m.headers['toString']).to.equal(undefined);
  });

  it('makes attachment names safe: no directories, no control characters', async () => {
    const m = await mail(
      ['From: a@example.test', 'Content-Type: multipart/mixed; boundary="b"'],
      ['--b', 'Content-Type: text/plain', '', 'zie bijlage', '--b', 'Content-Type: application/pdf; name="../../etc/pass=?utf-8?Q?=0Awd?=.pdf"', 'Content-Transfer-Encoding: base64', '', 'JVBERg==', '--b--'].join('\r\n'),
    );
    expect(m.attachments.map((a) => a.filename)).to.deep.equal(['pass wd.pdf']);
  });
});
