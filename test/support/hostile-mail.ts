/**
 * Builders for hostile senders' mail: complaints from many addresses, delivery reports about our
 * letters, auto-responders of several kinds, our own letters coming back changed. Plain strings,
 * CRLF, nothing parsed here.
 */
import { randomUUID } from 'node:crypto';

export const MAILBOX = 'klachten@praktijk.test';

export function complaint(o: { from: string; name?: string; subject?: string; text?: string; messageId?: string; headers?: Record<string, string> }): string {
  return [
    `From: ${o.name ?? 'Klager'} <${o.from}>`, `To: ${MAILBOX}`, `Subject: ${o.subject ?? 'Klacht over de behandeling'}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`, `Message-ID: <${o.messageId ?? `${randomUUID()}@example.test`}>`,
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '',
    o.text ?? 'Ik ben ontevreden over de behandeling.', '',
  ].join('\r\n');
}

/** A complaint with a 30 MB (by default) attachment, base64 as a client would send it. */
export function bigComplaint(o: { from: string; mb?: number; messageId?: string; headers?: Record<string, string> }): Buffer {
  const mb = o.mb ?? 30;
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n'; // 78 bytes
  const lines = Math.ceil((mb * 1024 * 1024) / line.length);
  const head = [
    `From: Klager <${o.from}>`, `To: ${MAILBOX}`, 'Subject: Klacht met scans', `Message-ID: <${o.messageId ?? `${randomUUID()}@example.test`}>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="big"', '', '--big', 'Content-Type: text/plain; charset=utf-8', '',
    'Ik ben ontevreden over de behandeling; zie de scans.', '--big',
    'Content-Type: application/pdf; name="scans.pdf"', 'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="scans.pdf"', '', '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(line.repeat(lines)), Buffer.from('--big--\r\n')]);
}

/** A delivery status notification (RFC 3464) as Postfix writes it, returning the headers of `original`. */
export function dsn(o: { ourMessageId: string; recipient: string; status?: string; subject?: string; action?: string }): string {
  const status = o.status ?? '5.1.1';
  const action = o.action ?? (status.startsWith('5') ? 'failed' : 'delayed');
  return [
    'From: MAILER-DAEMON@mx.example.test (Mail Delivery System)', `To: ${MAILBOX}`,
    `Subject: ${o.subject ?? 'Undelivered Mail Returned to Sender'}`, `Message-ID: <${randomUUID()}@mx.example.test>`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`, 'Auto-Submitted: auto-replied', 'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"', '',
    '--dsn', 'Content-Type: text/plain; charset=us-ascii', '',
    `<${o.recipient}>: host mx.example.test said: 550 ${status} <${o.recipient}>: Recipient address rejected: User unknown`, '',
    '--dsn', 'Content-Type: message/delivery-status', '',
    'Reporting-MTA: dns; mx.example.test', '', `Final-Recipient: rfc822; ${o.recipient}`, `Action: ${action}`, `Status: ${status}`,
    `Diagnostic-Code: smtp; 550 ${status} User unknown`, '',
    '--dsn', 'Content-Type: text/rfc822-headers', '',
    `From: klachten@praktijk.test`, `To: ${o.recipient}`, `Subject: [KL] letter`, `Message-ID: <${o.ourMessageId}>`, '',
    '--dsn--', '',
  ].join('\r\n');
}

export type ResponderKind = 'rfc3834' | 'exchange-oof' | 'dumb-reply' | 'dumb-new-thread';

/**
 * What an auto-responder sends back to `letterRaw` (a letter of ours it received):
 * - rfc3834: Auto-Submitted: auto-replied, as a well-behaved vacation responder;
 * - exchange-oof: Outlook's "Automatisch antwoord:" with X-Auto-Response-Suppress;
 * - dumb-reply: no automatic headers at all, "Re: " + our subject, In-Reply-To our letter;
 * - dumb-new-thread: no headers, no In-Reply-To, a subject of its own (the worst kind).
 */
export function autoResponse(kind: ResponderKind, botAddress: string, letterRaw: string): string {
  const subject = /^Subject: (.*)$/m.exec(letterRaw)?.[1] ?? '';
  const mid = /^Message-ID: (<[^>]+>)$/im.exec(letterRaw)?.[1] ?? '';
  const common = [`From: Afwezig <${botAddress}>`, `To: ${MAILBOX}`, `Message-ID: <${randomUUID()}@bot.example.test>`, `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`];
  const body = ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', 'Ik ben afwezig tot maandag. Uw bericht wordt niet doorgestuurd.', ''];
  switch (kind) {
    case 'rfc3834':
      return [...common, `Subject: Afwezig: ${subject}`, `In-Reply-To: ${mid}`, `References: ${mid}`, 'Auto-Submitted: auto-replied', 'Precedence: auto_reply', ...body].join('\r\n');
    case 'exchange-oof':
      return [...common, `Subject: Automatisch antwoord: ${subject}`, `In-Reply-To: ${mid}`, 'X-Auto-Response-Suppress: All', 'X-MS-Exchange-Inbox-Rules-Loop: ' + botAddress, ...body].join('\r\n');
    case 'dumb-reply':
      return [...common, `Subject: Re: ${subject}`, `In-Reply-To: ${mid}`, `References: ${mid}`, ...body].join('\r\n');
    case 'dumb-new-thread':
      return [...common, 'Subject: Bedankt voor uw bericht', ...body].join('\r\n');
  }
}
