/**
 * The demo's mail provider signs what the commissioner submits, as a real one does: a key made at
 * start, its public half in the resolver the service checks DKIM with, and a signature added to
 * every mail that the commissioner's login sends through the demo's SMTP server. A mail that
 * merely claims her From, sent without her login, is not signed, and COMMAND_AUTH=dkim refuses
 * it, as in real life. The mailauth signer is reached in this one function only.
 */
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';

type DkimSign = (raw: Buffer | string, opts: { signatureData: { signingDomain: string; selector: string; privateKey: string }[] }) => Promise<{ signatures: string; errors: unknown[] }>;

export interface DemoDkim {
  /** DNS as the service's DKIM check sees it: the demo key's TXT record, nothing else. */
  resolver: (name: string, rrtype: string) => Promise<unknown>;
  /** Sign `raw` when the SMTP login is `signedUser`; other mail passes unchanged. */
  sign: (raw: Buffer, login: string | undefined) => Promise<Buffer>;
}

export function demoDkim(domain: string, signedUser: string, selector = 'demo'): DemoDkim {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKey = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const txt = `v=DKIM1; k=rsa; p=${key.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`.match(/.{1,255}/g) ?? [];
  const record = `${selector}._domainkey.${domain}`.toLowerCase();
  const { dkimSign } = createRequire(import.meta.url)('mailauth/lib/dkim/sign') as { dkimSign: DkimSign };
  return {
    resolver: async (name, rrtype) => {
      if (rrtype === 'TXT' && name.toLowerCase() === record) return [txt];
      throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    },
    sign: async (raw, login) => {
      if ((login ?? '').toLowerCase().split('@')[0] !== signedUser) return raw;
      const { signatures, errors } = await dkimSign(raw, { signatureData: [{ signingDomain: domain, selector, privateKey }] });
      if (errors.length) throw new Error(`demo DKIM signing failed: ${JSON.stringify(errors)}`);
      return Buffer.concat([Buffer.from(signatures), raw]);
    },
  };
}
