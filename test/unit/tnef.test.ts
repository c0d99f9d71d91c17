/** Issue 14 §6f: winmail.dat (TNEF) decoded into its real files, by name and bytes. */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { decodeTnef, decompressRtf, isTnef } from '../../src/mail-in/tnef.js';
import { eml } from '../support/harness.js';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'tnef');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex').slice(0, 16);

describe('TNEF decoding', () => {
  it('when a winmail.dat holds two files, then both come out with their names and exact sizes', () => {
    const files = decodeTnef(fixture('two-files.tnef'));
    expect(files.map((f) => [f.filename, f.content.length])).to.deep.equal([['AUTHORS', 244], ['README', 893]]);
    expect(files[0]!.content.toString('latin1')).to.match(/^\n\s+/);
  });

  it('when Outlook wrote an 8.3 title and a long name, then the long name wins, and the RTF body is decompressed', () => {
    const files = decodeTnef(fixture('long-filename.tnef'));
    expect(files.map((f) => f.filename)).to.deep.equal(['allproductsmar2000.dat', 'winmail-body.rtf']);
    expect(files[0]!.content.toString('latin1')).to.match(/^\r\nFEATURE QARun_Developer/);
    const rtf = files[1]!.content.toString('latin1');
    expect(rtf).to.match(/^\{\\rtf1\\ansi/);
    expect(rtf.trimEnd()).to.match(/\}$/);
  });

  it('when names are in code page 1252 and a MIME tag is given, then the umlauts and the tag survive', () => {
    const files = decodeTnef(fixture('umlaut.tnef'));
    expect(files.map((f) => f.filename)).to.deep.equal(['TBZ PARIV GmbH.jpg', 'image003.jpg', 'UmlautAnhang-äüö.txt', 'winmail-body.rtf']);
    expect(files[1]!.contentType).to.equal('image/jpeg');
    expect(files[0]!.content.subarray(0, 3)).to.deep.equal(Buffer.from([0xff, 0xd8, 0xff]));
    expect(files[2]!.content.toString('latin1')).to.equal('TEST \xe4\xf6\xfc +-*/~');
  });

  it('when the stream is not TNEF or is cut short, then nothing or what was whole comes out, without throwing', () => {
    expect(isTnef(Buffer.from('%PDF-1.4'))).to.equal(false);
    expect(decodeTnef(Buffer.from('not tnef at all'))).to.deep.equal([]);
    const whole = fixture('two-files.tnef');
    for (let cut = 0; cut < whole.length; cut += 97) expect(() => decodeTnef(whole.subarray(0, cut))).not.to.throw();
    expect(decodeTnef(whole.subarray(0, whole.length - 300)).map((f) => f.filename)).to.deep.equal(['AUTHORS']);
  });

  it("when RTF is stored uncompressed ('MELA'), then it comes out as is", () => {
    const body = Buffer.from('{\\rtf1 hallo}');
    const head = Buffer.alloc(16);
    head.writeUInt32LE(body.length + 12, 0);
    head.writeUInt32LE(body.length, 4);
    head.writeUInt32LE(0x414c454d, 8);
    expect(decompressRtf(Buffer.concat([head, body]))!.toString()).to.equal('{\\rtf1 hallo}');
  });

  it('when a mail carries winmail.dat, then parseMail keeps it and adds the files inside, each with its own hash', async () => {
    const raw = eml({ attachment: { filename: 'winmail.dat', contentType: 'application/ms-tnef', content: fixture('umlaut.tnef') } });
    const mail = await parseMail(Buffer.from(raw), { maxBytes: 10_000_000, timeoutMs: 10_000 });
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).to.deep.equal([
      ['winmail.dat', 'application/ms-tnef'], ['TBZ PARIV GmbH.jpg', 'image/jpeg'], ['image003.jpg', 'image/jpeg'],
      ['UmlautAnhang-äüö.txt', 'text/plain'], ['winmail-body.rtf', 'application/rtf'],
    ]);
    for (const a of mail.attachments) expect(a.sha256.slice(0, 16)).to.equal(sha(a.content));
  });
});
