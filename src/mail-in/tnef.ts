/**
 * Outlook's winmail.dat (TNEF, application/ms-tnef) → the files inside it, so that the klager's
 * attachments reach the commissioner and the beklaagde readable (issue 14 §6f; zammad#2403 lost
 * them). Our own small decoder of the attachment records of [MS-OXTNEF], and of the compressed
 * RTF body ([MS-OXRTFCP]), rather than node-tnef: that package logs to the console, reads only the
 * 8.3 title (not PR_ATTACH_LONG_FILENAME), never decompresses the RTF body, and pulls in a CLI's
 * dependencies (yargs, bunyan). Pure: bytes in, files out; anything malformed ends the walk and
 * keeps what was read so far (the original winmail.dat is always kept beside it).
 */

export interface TnefFile {
  filename: string;
  /** PR_ATTACH_MIME_TAG when Outlook recorded one; otherwise the caller guesses from the name. */
  contentType: string | null;
  content: Buffer;
}

const SIGNATURE = 0x223e9f78;
const LVL_ATTACHMENT = 2;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_MSG_PROPS = 0x9003;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;

const PR_RTF_COMPRESSED = 0x1009;
const PR_ATTACH_DATA_OBJ = 0x3701;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_OBJECT = 0x000d;

/** Bytes of the fixed-size property types ([MS-OXTNEF] 2.1.3.4; a PT_SHORT is padded to 4). */
const FIXED: Record<number, number> = { 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16 };

/** Whether these bytes start like a TNEF stream. */
export function isTnef(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.readUInt32LE(0) === SIGNATURE;
}

/** The files of a TNEF stream, plus its RTF body as `winmail-body.rtf` when it has one. */
export function decodeTnef(bytes: Buffer): TnefFile[] {
  if (!isTnef(bytes)) return [];
  const files: { title: string; long: string | null; mime: string | null; data: Buffer | null }[] = [];
  let current: (typeof files)[number] | null = null;
  let codepage = 1252;
  let rtf: Buffer | null = null;
  for (let at = 6; at + 9 <= bytes.length;) {
    const level = bytes[at]!;
    const id = bytes.readUInt16LE(at + 1);
    const length = bytes.readUInt32LE(at + 5);
    const start = at + 9;
    if (start + length + 2 > bytes.length) break;
    const data = bytes.subarray(start, start + length);
    at = start + length + 2; // the checksum is not checked: Outlook's own are wrong at times
    if (id === ATT_OEM_CODEPAGE && length >= 4) codepage = data.readUInt32LE(0);
    else if (id === ATT_ATTACH_REND_DATA) files.push((current = { title: '', long: null, mime: null, data: null }));
    else if (level === LVL_ATTACHMENT && current && id === ATT_ATTACH_TITLE) current.title = string8(data, codepage);
    else if (level === LVL_ATTACHMENT && current && id === ATT_ATTACH_DATA) current.data = Buffer.from(data);
    else if (level === LVL_ATTACHMENT && current && id === ATT_ATTACHMENT) {
      for (const p of properties(data)) {
        if (p.id === PR_ATTACH_LONG_FILENAME) current.long = p.type === PT_UNICODE ? utf16(p.value) : string8(p.value, codepage);
        else if (p.id === PR_ATTACH_MIME_TAG) current.mime = (p.type === PT_UNICODE ? utf16(p.value) : string8(p.value, codepage)).toLowerCase() || null;
        else if (p.id === PR_ATTACH_DATA_OBJ && !current.data) current.data = Buffer.from(p.type === PT_OBJECT ? p.value.subarray(16) : p.value);
      }
    } else if (id === ATT_MSG_PROPS) {
      const packed = properties(data).find((p) => p.id === PR_RTF_COMPRESSED);
      if (packed) rtf = decompressRtf(packed.value);
    }
  }
  const out: TnefFile[] = files
    .filter((f) => f.data)
    .map((f, i) => ({ filename: f.long || f.title || `winmail-${i + 1}.bin`, contentType: f.mime, content: f.data! }));
  if (rtf) out.push({ filename: 'winmail-body.rtf', contentType: 'application/rtf', content: rtf });
  return out;
}

interface Prop { type: number; id: number; value: Buffer }

/** A MAPI property list ([MS-OXTNEF] 2.1.3.4): the first value of each property. */
function properties(b: Buffer): Prop[] {
  const props: Prop[] = [];
  if (b.length < 4) return props;
  const count = b.readUInt32LE(0);
  let at = 4;
  try {
    for (let n = 0; n < count && at + 4 <= b.length; n++) {
      const rawType = b.readUInt16LE(at);
      const id = b.readUInt16LE(at + 2);
      at += 4;
      if (id >= 0x8000) { // a named property: GUID, then a number or a UTF-16 name
        const kind = b.readUInt32LE(at + 16);
        at += 20;
        at += kind === 0 ? 4 : 4 + pad4(b.readUInt32LE(at));
      }
      const multi = (rawType & 0x1000) !== 0;
      const type = rawType & ~0x1000;
      const fixed = FIXED[type];
      const values = multi || fixed === undefined ? b.readUInt32LE(at) : 1;
      if (multi || fixed === undefined) at += 4;
      let first: Buffer | null = null;
      for (let v = 0; v < values; v++) {
        const size = fixed ?? b.readUInt32LE(at);
        if (fixed === undefined) at += 4;
        if (at + size > b.length) return props;
        first ??= b.subarray(at, at + size);
        at += fixed === undefined ? pad4(size) : size;
      }
      if (first) props.push({ type, id, value: first });
    }
  } catch {
    // A property list cut short: keep what was read.
  }
  return props;
}

const pad4 = (n: number) => (n + 3) & ~3;

function string8(b: Buffer, codepage: number): string {
  const text = new TextDecoder(codepage === 65001 ? 'utf-8' : codepage === 1252 || codepage === 437 || codepage === 850 ? 'windows-1252' : `windows-${codepage}`, { fatal: false }).decode(b);
  return text.replace(/\0.*$/s, '');
}

function utf16(b: Buffer): string {
  return b.toString('utf16le').replace(/\0.*$/s, '');
}

/** The dictionary's initial contents ([MS-OXRTFCP] 2.1.2.1), 207 bytes. */
const RTF_PREBUF = Buffer.from(
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx',
  'latin1',
);

/** PR_RTF_COMPRESSED → RTF ([MS-OXRTFCP]): 'MELA' is stored as is, 'LZFu' is LZ77 over a 4 KiB ring. */
export function decompressRtf(b: Buffer): Buffer | null {
  if (b.length < 16) return null;
  const rawSize = b.readUInt32LE(4);
  const kind = b.readUInt32LE(8);
  if (kind === 0x414c454d) return Buffer.from(b.subarray(16, 16 + rawSize));
  if (kind !== 0x75465a4c) return null;
  const dict = Buffer.alloc(4096);
  RTF_PREBUF.copy(dict);
  let write = RTF_PREBUF.length;
  const out: number[] = [];
  for (let at = 16; at < b.length && out.length < rawSize;) {
    const control = b[at++]!;
    for (let bit = 0; bit < 8 && at < b.length; bit++) {
      if ((control & (1 << bit)) === 0) {
        out.push((dict[write] = b[at++]!));
        write = (write + 1) % 4096;
        continue;
      }
      if (at + 2 > b.length) return Buffer.from(out);
      const word = b.readUInt16BE(at);
      at += 2;
      const offset = word >> 4;
      if (offset === write) return Buffer.from(out);
      for (let i = 0; i < (word & 0xf) + 2; i++) {
        out.push((dict[write] = dict[(offset + i) % 4096]!));
        write = (write + 1) % 4096;
      }
    }
  }
  return Buffer.from(out.slice(0, rawSize));
}
