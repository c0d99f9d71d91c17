import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { authenticateSender, type AuthOptions } from '../../src/mail-in/authenticate.js';
import { parseAuthResults } from '../../src/mail-in/auth-results.js';

// mailauth is CommonJS; the signer is documented at mailauth/lib/dkim/sign.
type DkimSign = (message: string, opts: Record<string, unknown>) => Promise<{ signatures: string; errors: unknown[] }>;
const { dkimSign } = createRequire(import.meta.url)('mailauth/lib/dkim/sign') as { dkimSign: DkimSign };

const SELECTOR = 'sel2026';

/** One RSA key per signing domain, its public half published as a DKIM TXT record. */
function makeKey(): { privateKey: string; txt: string[] } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  // A 2048-bit key does not fit in one 255-byte TXT string: serve it split, as DNS does.
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), txt: record.match(/.{1,255}/g) ?? [] };
}
const KEYS = { 'example.nl': makeKey(), 'other.example': makeKey() };
type Domain = keyof typeof KEYS;

/** DNS for the tests: answers the published DKIM keys, and NXDOMAIN for everything else. No network. */
const queries: string[] = [];
const resolver: NonNullable<AuthOptions['resolver']> = async (name, rrtype) => {
  queries.push(`${rrtype} ${name}`);
  for (const [domain, key] of Object.entries(KEYS)) {
    if (rrtype === 'TXT' && name.toLowerCase() === `${SELECTOR}._domainkey.${domain}`) return [key.txt];
  }
  throw Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
const DKIM: AuthOptions = { mode: 'dkim', resolver };

function message(from: string, body = '#sluit\r\n', extra: string[] = []): string {
  return [
    ...extra,
    `From: Anna Jansen <${from}>`,
    'To: klachten@praktijk-voorbeeld.nl',
    'Subject: [KL-2026-0007] #sluit',
    'Date: Mon, 05 Jan 2026 10:12:00 +0100',
    'Message-ID: <c1@example.nl>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
  ].join('\r\n');
}

async function signed(msg: string, domain: Domain, opts: Record<string, unknown> = {}): Promise<string> {
  const { signatures, errors } = await dkimSign(msg, {
    ...opts,
    signatureData: [{ signingDomain: domain, selector: SELECTOR, privateKey: KEYS[domain].privateKey, ...(opts.maxBodyLength ? { maxBodyLength: opts.maxBodyLength } : {}) }],
  });
  expect(errors).to.deep.equal([]);
  return signatures + msg;
}

const check = (raw: string, from: string, opts: AuthOptions = DKIM) => authenticateSender(Buffer.from(raw), from, opts);

describe('authenticateSender: dkim', () => {
  const FROM = 'a.jansen@example.nl';

  it('pass, aligned → authenticated', async () => {
    const v = await check(await signed(message(FROM), 'example.nl'), FROM);
    expect(v).to.include({ authenticated: true, method: 'dkim', reason: 'dkim=pass d=example.nl aligned' });
    expect(v.wouldAccept).to.deep.equal(['COMMAND_AUTH=dkim']);
  });

  it('body altered after signing → not authenticated', async () => {
    const raw = (await signed(message(FROM), 'example.nl')).replace(/\r\n\r\n#sluit\r\n$/, '\r\n\r\n#uitspraak gegrond\r\nJa.\r\n');
    const v = await check(raw, FROM);
    expect(v.authenticated).to.equal(false);
    expect(v.reason).to.match(/dkim=neutral d=example.nl \(body hash did not verify\)/);
  });

  it('a signed header altered after signing → not authenticated', async () => {
    const raw = (await signed(message(FROM), 'example.nl')).replace('Subject: [KL-2026-0007] #sluit', 'Subject: [KL-2026-0008] #sluit');
    const v = await check(raw, FROM);
    expect(v.authenticated).to.equal(false);
    expect(v.reason).to.match(/dkim=fail d=example.nl \(bad signature\)/);
  });

  it('signed by other.example while From is example.nl → not authenticated', async () => {
    const v = await check(await signed(message(FROM), 'other.example'), FROM);
    expect(v).to.include({ authenticated: false, method: 'dkim', reason: 'no valid DKIM signature aligned with example.nl: d=other.example not aligned' });
    // Valid but not aligned: the alert tells her IT person which setting would take it.
    expect(v.wouldAccept).to.deep.equal(['COMMAND_AUTH=dkim with DKIM_EXTRA_DOMAINS=other.example']);
  });

  it('unsigned → not authenticated', async () => {
    const v = await check(message(FROM), FROM);
    expect(v).to.include({ authenticated: false, method: 'dkim', reason: 'no DKIM signature' });
    expect(v.evidence).to.include('DKIM: no signature');
    expect(v.wouldAccept).to.deep.equal([]);
  });

  it('d=example.nl with From mail.example.nl (same organisational domain) → authenticated', async () => {
    const v = await check(await signed(message('anna@mail.example.nl'), 'example.nl'), 'anna@mail.example.nl');
    expect(v).to.include({ authenticated: true, reason: 'dkim=pass d=example.nl aligned' });
  });

  it('a signature whose h= does not cover From → not authenticated', async () => {
    // mailauth ≥ 7 refuses to sign without From (RFC 6376 §5.4), so take From out of h= afterwards;
    // its verifier then calls the signature neutral, before our own check would say so.
    const raw = (await signed(message(FROM), 'example.nl')).replace(/(h=[^;]*?):\s*From(?=;)/i, '$1');
    const v = await check(raw, FROM);
    expect(v).to.include({ authenticated: false });
    expect(v.reason).to.match(/d=example.nl (does not sign From|\(From field not signed\))/);
  });

  it('a second From header added above a signed message → not authenticated', async () => {
    const raw = `From: Anna Jansen <${FROM}>\r\n${await signed(message('mallory@other.example'), 'other.example')}`;
    expect(await check(raw, FROM)).to.include({ authenticated: false, reason: 'message has 2 From headers' });
  });

  it('a From that differs from the parsed sender → not authenticated', async () => {
    const v = await check(await signed(message(FROM), 'example.nl'), 'someone.else@example.nl');
    expect(v).to.include({ authenticated: false, reason: 'From header does not match the parsed sender' });
  });

  it('l= with unsigned text appended below → not authenticated', async () => {
    const raw = `${await signed(message(FROM, 'Hallo.\r\n'), 'example.nl', { maxBodyLength: 8 })}#uitspraak gegrond\r\n`;
    const v = await check(raw, FROM);
    expect(v.authenticated).to.equal(false);
    expect(v.reason).to.match(/leaves part of the body unsigned/);
  });

  it('no key in DNS → not authenticated', async () => {
    const raw = (await signed(message(FROM), 'example.nl')).replace(`s=${SELECTOR}`, 's=gone');
    const v = await check(raw, FROM);
    expect(v.authenticated).to.equal(false);
    expect(v.reason).to.match(/dkim=neutral d=example.nl \(no key\)/);
  });

  it('a DNS failure on an aligned signature is marked temporary', async () => {
    const failing: AuthOptions['resolver'] = async () => {
      throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
    };
    const v = await check(await signed(message(FROM), 'example.nl'), FROM, { mode: 'dkim', resolver: failing });
    expect(v).to.include({ authenticated: false, temporary: true });
    expect(v.reason).to.match(/dkim=temperror d=example.nl/);
  });

  it('asked DNS only for DKIM keys', () => {
    expect(queries.length).to.be.greaterThan(0);
    expect(queries.every((q) => /^TXT [\w-]+\._domainkey\./.test(q))).to.equal(true);
  });
});

describe('authenticateSender: authres', () => {
  const FROM = 'a.jansen@example.nl';
  const OPTS: AuthOptions = { mode: 'authres', authservId: 'mx.praktijk-voorbeeld.nl' };
  const withAr = (...ar: string[]) => message(FROM, '#sluit\r\n', ar.map((v) => `Authentication-Results: ${v}`));
  const cases: [string, string[], boolean, RegExp, AuthOptions?][] = [
    ['trusted id, dkim=pass header.d aligned', ['mx.praktijk-voorbeeld.nl; dkim=pass header.d=example.nl header.s=sel2026; spf=none'], true, /^mx.praktijk-voorbeeld.nl: dkim=pass header.d=example.nl aligned$/],
    ['trusted id, dmarc=pass header.from', ['mx.praktijk-voorbeeld.nl; spf=fail smtp.mailfrom=x.example; dkim=none; dmarc=pass (p=reject dis=none) header.from=example.nl'], true, /dmarc=pass header.from=example.nl/],
    ['trusted id in another case, with a version and folded', ['MX.Praktijk-Voorbeeld.NL 1;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=mail.example.nl'], true, /dkim=pass header.d=mail.example.nl aligned/],
    ['Gmail style: header.i only', ['mx.praktijk-voorbeeld.nl; dkim=pass header.i=@example.nl header.s=sel header.b="AbCd"'], true, /header.d=example.nl aligned/],
    ['foreign authserv-id on top', ['mx.attacker.example; dkim=pass header.d=example.nl; dmarc=pass header.from=example.nl'], false, /is from mx.attacker.example, not mx.praktijk-voorbeeld.nl/],
    ['trusted one below a foreign one', ['mx.relay.example; dkim=none', 'mx.praktijk-voorbeeld.nl; dkim=pass header.d=example.nl'], false, /is from mx.relay.example/],
    ['trusted fail on top, forged trusted pass below', ['mx.praktijk-voorbeeld.nl; dkim=fail header.d=example.nl; dmarc=fail header.from=example.nl', 'mx.praktijk-voorbeeld.nl; dkim=pass header.d=example.nl'], false, /\(dkim=fail, dmarc=fail\)/],
    ['dkim=fail', ['mx.praktijk-voorbeeld.nl; dkim=fail (bad signature) header.d=example.nl'], false, /no dkim or dmarc pass aligned with example.nl \(dkim=fail\)/],
    ['dkim=pass by another domain', ['mx.praktijk-voorbeeld.nl; dkim=pass header.d=gmail.com'], false, /no dkim or dmarc pass aligned/],
    ['dmarc=pass for another From domain', ['mx.praktijk-voorbeeld.nl; dmarc=pass header.from=other.example'], false, /no dkim or dmarc pass aligned/],
    ['dkim=pass written inside a comment', ['mx.praktijk-voorbeeld.nl; dkim=fail (was dkim=pass header.d=example.nl) header.d=example.nl'], false, /dkim=fail/],
    ['Microsoft 365 style without authserv-id', ['spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=example.nl; dkim=pass (signature was verified) header.d=example.nl;dmarc=pass action=none header.from=example.nl'], false, /no readable authserv-id/],
    ['no Authentication-Results at all', [], false, /^no Authentication-Results header$/],
    ['AUTHSERV_ID not configured', ['mx.praktijk-voorbeeld.nl; dkim=pass header.d=example.nl'], false, /AUTHSERV_ID is not set/, { mode: 'authres' }],
  ];
  for (const [title, ar, want, reason, opts] of cases) {
    it(`${title} → ${want ? '' : 'not '}authenticated`, async () => {
      const v = await check(withAr(...ar), FROM, opts ?? OPTS);
      expect(v.method).to.equal('authres');
      expect(v.authenticated).to.equal(want);
      expect(v.reason).to.match(reason);
    });
  }

  it('two From headers are refused here too', async () => {
    const raw = `From: other@other.example\r\n${withAr('mx.praktijk-voorbeeld.nl; dmarc=pass header.from=example.nl')}`;
    expect(await check(raw, FROM, OPTS)).to.include({ authenticated: false, reason: 'message has 2 From headers' });
  });
});

describe('authenticateSender: none', () => {
  it('accepts anything, and says so', async () => {
    expect(await check(message('x@example.nl'), 'x@example.nl', { mode: 'none' })).to.include({ authenticated: true, method: 'none' });
  });
});

describe('parseAuthResults', () => {
  it('reads id, version, methods, reasons and properties; drops comments', () => {
    expect(parseAuthResults('mx.example.nl 1; dkim=pass (good) reason="ok \\"fine\\"" header.d=example.nl; spf=none; none')).to.deep.equal({
      authservId: 'mx.example.nl',
      results: [
        { method: 'dkim', result: 'pass', reason: 'ok "fine"', props: Object.assign(Object.create(null), { 'header.d': 'example.nl' }) },
        { method: 'spf', result: 'none', reason: null, props: Object.create(null) },
      ],
    });
  });

  it('"id; none" has no results; unreadable values give null', () => {
    expect(parseAuthResults('mx.example.nl; none')).to.deep.equal({ authservId: 'mx.example.nl', results: [] });
    expect(parseAuthResults('dkim=pass header.d=example.nl')).to.equal(null);
    expect(parseAuthResults('mx.example.nl (unterminated; dkim=pass')).to.equal(null);
    expect(parseAuthResults('mx.example.nl extra words; dkim=pass')).to.equal(null);
  });

  it('drops a resinfo that is not method=result', () => {
    expect(parseAuthResults('mx.example.nl; dkim pass header.d=example.nl; dmarc=pass header.from=example.nl')!.results.map((r) => r.method)).to.deep.equal(['dmarc']);
  });
});
