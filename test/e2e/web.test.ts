/**
 * The read-only web overview in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core; no browser is ever downloaded), on the real stack: the commissioner signs in
 * with the link mailed to her IMAP inbox, sees the list and a case with its terms; the link works
 * once; without a session nothing of a case comes back; a hostile complaint shows as text and runs
 * nothing. Screenshots of the list and a case at 1280 and 360 px, and a print PDF, go to test/artifacts/.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Stack } from '../../tools/devstack/stack.js';
import { startHealthServer } from '../../src/http/server.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { tokenHash } from '../../src/store/sign-in-repo.js';
import { LINKS_PER_CLIENT } from '../../src/web/routes/sign-in.js';
import { termView } from '../../src/web/terms-timeline.js';
import { attachmentDisposition, safeContentType } from '../../src/web/routes/attachment.js';
import { WorkingDayCalendar } from '../../src/domain/calendar.js';
import { LETTERS } from '../../src/mail-out/letters.js';
import type { DeadlineRow } from '../../src/store/cases-repo.js';
import type { MoveRow } from '../../src/store/deadlines-repo.js';
import {
  COMMISSIONER, MAILBOX, deliverToMailbox, eml, eventually, listMailbox, useServiceStack, waitForInbox, type TestService,
} from '../support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
/** As the machine notes say: no background traffic from Chromium on a closed network. */
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const PAYLOAD = '<script>window.__pwned = 1</script>';
const IMG_PAYLOAD = '<img src=x onerror="window.__pwned = 2">';

/** A complaint whose subject, body and attachment all carry markup that would run if inserted raw. */
function hostileComplaint(messageId: string): string {
  const boundary = `b-${randomUUID()}`;
  return [
    'From: Jan Jansen <klager@example.test>',
    `To: ${MAILBOX}`,
    `Subject: Klacht ${PAYLOAD} over de balie ${IMG_PAYLOAD}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Geachte commissaris,',
    '',
    `Bij de balie werd ik onheus bejegend. ${PAYLOAD}`,
    IMG_PAYLOAD,
    '',
    'Jan Jansen',
    `--${boundary}`,
    'Content-Type: text/html; name="bewijs.html"',
    'Content-Disposition: attachment; filename="bewijs.html"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('<html><body><script>window.__pwned = 4</script>bewijs</body></html>').toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('e2e: the web overview in Chromium', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService;
  let base: string;
  let browserDir: string;
  let context: BrowserContext;
  let page: Page;
  let caseNumber: string;
  /** A case ruled gegrond and closed, and one dismissed (geen klacht) and closed. */
  let closedNumber: string;
  let dismissedNumber: string;
  let link: string;

  const db = () => svc.service.ctx.store.db;
  const loginLinks = (to: string) =>
    (db().prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'login-link' AND to_addr = ?`).get(to) as { n: number }).n;
  const shot = async (name: string, width: number) => {
    await page.setViewportSize({ width, height: 900 });
    const path = join(ARTIFACTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    // Nothing sticks out sideways: the page fits the width, a phone's included.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px`).to.be.at.most(width);
    return path;
  };
  const post = (path: string, form: Record<string, string>, origin: string | null = base) =>
    fetch(base + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    });

  const shared = useServiceStack();
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    stack = shared.stack;
    svc = await shared.start({ overrides: { WEB_ENABLED: 'true' } });
    base = svc.service.web!.baseUrl.origin;
    browserDir = mkdtempSync(join(tmpdir(), 'cd-chromium-'));
    context = await chromium.launchPersistentContext(browserDir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());

    // A hostile complaint, acknowledged, and one extension so its terms have a move to show.
    const complaintId = `web-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, hostileComplaint(complaintId));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === complaintId);
    caseNumber = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    const cmdId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject: `[${caseNumber}] #verleng 5 ziekte van de commissaris`, messageId: cmdId }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === cmdId);

    // A case ruled and closed, and one that was no complaint, so the course has outcomes to show.
    // Other senders than the hostile case's klager: her new mail would be filed into her open case.
    closedNumber = await complaint('klager2', 'Te lang gewacht op de uitslag', 'Ik wachtte drie weken op de uitslag van het onderzoek.');
    await says(`[${closedNumber}] #uitspraak gegrond zonder-hoorzitting`, 'Drie weken is te lang; de praktijk had moeten bellen.');
    await says(`[${closedNumber}] #sluit`);
    dismissedNumber = await complaint('deskundige', 'Vraag over de openingstijden', 'Bent u op zaterdag open?');
    await says(`[${dismissedNumber}] #geen-klacht een vraag over de openingstijden`);
    await says(`[${dismissedNumber}] #sluit`);
  });

  /** A plain complaint from the demo mailbox `user`; its case number, from the acknowledgement. */
  async function complaint(user: string, subject: string, text: string): Promise<string> {
    const id = `web-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from: `${user}@example.test`, fromName: 'Els de Vries', subject, text, messageId: id }));
    const [ack] = await waitForInbox(stack, user, (m) => m.inReplyTo === id);
    return /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
  }

  /** A command of the commissioner, answered. */
  async function says(subject: string, text = ''): Promise<void> {
    const id = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text, messageId: id }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === id);
  }

  after(async () => {
    await context?.close();
    if (browserDir) rmSync(browserDir, { recursive: true, force: true });
  });

  it('when WEB_ENABLED is not set, then the health server answers nothing but its own paths', async () => {
    const health = await startHealthServer('127.0.0.1', 0, {});
    try {
      const res = await fetch(`http://127.0.0.1:${health.port}/`);
      expect(res.status).to.equal(404);
      expect(await res.text()).to.equal('not found\n');
    } finally {
      await health.close();
    }
  });

  it('when a request has no session, then it gets no case data: pages redirect to sign-in, nothing else comes back', async () => {
    const attachmentId = (db().prepare(`SELECT a.id FROM attachments a JOIN messages m ON m.id = a.message_id JOIN cases c ON c.id = m.case_id
                                        WHERE c.number = ?`).get(caseNumber) as { id: number }).id;
    for (const path of ['/', `/cases/${caseNumber}`, `/cases/${caseNumber}/attachments/${attachmentId}`, '/cases/KL-2099-9999']) {
      const res = await fetch(base + path, { redirect: 'manual', headers: { cookie: 'cd-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
      expect(res.status, path).to.equal(303);
      expect(res.headers.get('location'), path).to.equal('/sign-in');
      const body = await res.text();
      expect(body, path).to.equal('');
    }
    const signIn = await (await fetch(`${base}/sign-in`)).text();
    for (const secret of [caseNumber, 'Jan Jansen', 'balie', 'bewijs']) expect(signIn).not.to.include(secret);
  });

  it('when pages are served, then they carry a strict CSP and the other protective headers', async () => {
    const res = await fetch(`${base}/sign-in`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'none'").and.include("style-src 'self'").and.include("frame-ancestors 'none'");
    expect(csp).not.to.match(/unsafe-inline|unsafe-eval|script-src/);
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('referrer-policy')).to.equal('same-origin');
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const css = await fetch(`${base}/web.css`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
    expect(await css.text()).to.include('@media print');
  });

  it('when anyone asks for a link, then every address gets the same answer, only a commissioner gets mail, and a foreign form is refused', async () => {
    const before = loginLinks(COMMISSIONER);
    const stranger = await post('/sign-in', { email: 'klager@example.test' });
    const commissioner = await post('/sign-in', { email: COMMISSIONER.toUpperCase() });
    expect(stranger.status).to.equal(200);
    expect(commissioner.status).to.equal(200);
    expect(await stranger.text()).to.equal(await commissioner.text());
    const [letter] = await waitForInbox(stack, 'commissaris', (m) => /aanmeldlink/i.test(m.subject));
    expect(letter).to.exist;
    expect(loginLinks(COMMISSIONER)).to.equal(before + 1);
    expect(loginLinks('klager@example.test')).to.equal(0);
    expect((await post('/sign-in', { email: COMMISSIONER }, 'http://evil.example')).status).to.equal(403);
    expect((await post('/sign-in', { email: COMMISSIONER }, null)).status).to.equal(403);
    expect(loginLinks(COMMISSIONER)).to.equal(before + 1);
  });

  it('when the commissioner signs in through the link mailed to her inbox, then she sees the list, a case and its timeline', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).to.equal('/sign-in');
    await page.fill('#email', COMMISSIONER);
    const seen = new Set((await listMailbox(stack, 'commissaris', 'INBOX')).map((m) => m.messageId.replace(/^<|>$/g, '')));
    await page.click('button[type=submit]');
    await page.waitForSelector('p.sent');
    const [mail] = await waitForInbox(stack, 'commissaris', (m) => /aanmeldlink/i.test(m.subject) && !seen.has(m.messageId ?? ''));
    const text = (await simpleParser(mail!.raw)).text ?? '';
    link = /https?:\/\/\S+\/sign-in\/link\?t=[A-Za-z0-9_-]{43}/.exec(text)![0];
    const token = new URL(link).searchParams.get('t')!;

    // Only the token's hash is stored.
    expect(db().prepare('SELECT count(*) AS n FROM web_login_links WHERE token_sha256 = ?').get(tokenHash(token))).to.deep.equal({ n: 1 });
    expect(db().prepare(`SELECT count(*) AS n FROM web_login_links WHERE instr(token_sha256 || email, ?) > 0`).get(token)).to.deep.equal({ n: 0 });

    await page.goto(link);
    await page.click('#use-link');
    await page.waitForURL(`${base}/`);
    const cookie = (await context.cookies(base)).find((c) => c.name === 'cd-session')!;
    expect(cookie).to.include({ httpOnly: true, sameSite: 'Strict', secure: false });
    // Once used, the link is gone from the letter's stored facts too.
    const facts = db().prepare(`SELECT facts FROM outbox WHERE template = 'login-link' AND status = 'sent'`).all() as { facts: string }[];
    for (const f of facts) expect(f.facts).not.to.include(token);

    const row = page.locator('#open-cases tr', { hasText: caseNumber });
    expect(await row.count()).to.equal(1);
    expect(await row.locator('td.subject').textContent()).to.include(PAYLOAD);
    expect(await row.textContent()).to.include('Jan Jansen').and.include('werkdag');
    const listShots = [await shot('web-list', 1280), await shot('web-list', 360)];

    await page.setViewportSize({ width: 1280, height: 900 });
    await row.locator('a.case-link').click();
    await page.waitForURL(`${base}/cases/${caseNumber}`);
    expect(await page.textContent('#case-subject')).to.equal(`Klacht ${PAYLOAD} over de balie ${IMG_PAYLOAD}`);
    const terms = await page.textContent('#terms') ?? '';
    expect(terms).to.include('ontvangstbevestiging').and.include('afhandeling van de klacht').and.include('termijnen verlengd').and.include('ziekte van de commissaris');
    expect(await page.locator('#terms meter').count()).to.be.greaterThan(0);
    expect(await page.textContent('#today')).to.include('Vandaag');
    // The complaint's text and subject are shown as text, and nothing in them ran.
    const fileText = await page.locator('#file .doc.in .text').first().textContent();
    expect(fileText).to.include(PAYLOAD).and.include(IMG_PAYLOAD);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
    expect(await page.evaluate(() => document.querySelectorAll('script, #file img, #case-subject *').length)).to.equal(0);
    // Letters out are in the file as text.
    expect(await page.textContent('#file')).to.include('Ontvangstbevestiging van uw klacht');
    const caseShots = [await shot('web-case', 1280), await shot('web-case', 360)];

    // The attachment is a download with a type the browser will not run.
    const href = await page.locator('#file .attachments a').first().getAttribute('href');
    const download = await fetch(base + href!, { headers: { cookie: `cd-session=${cookie.value}` } });
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-disposition')).to.match(/^attachment; filename="bewijs\.html"/);
    expect(download.headers.get('content-type')).to.equal('application/octet-stream');
    expect(download.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(await download.text()).to.include('window.__pwned = 4');

    // Print: the sign-out form and the navigation are not printed.
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('form.sign-out')).to.equal(false);
    const pdf = join(ARTIFACTS, 'web-case-print.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    expect(readFileSync(pdf).subarray(0, 5).toString()).to.equal('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    console.log(`      screenshots: ${[...listShots, ...caseShots, pdf].map((p) => p.slice(PROJECT_ROOT.length + 1)).join(', ')}`);
  });

  it('when she reads the Dutch pages, then letters have Dutch names, case numbers stay whole, the icon is ours, terms go by date and a closed case says its outcome', async () => {
    // Letter types: the label in the page's language, never the template's code name.
    const codeNames = (text: string) => Object.keys(LETTERS).filter((n) => new RegExp(`(^|[^\\w-])${n}($|[^\\w-])`).test(text));
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const number of [caseNumber, closedNumber, dismissedNumber]) {
      await page.goto(`${base}/cases/${number}`);
      const text = await page.innerText('body');
      expect(codeNames(text), `code names on ${number}`).to.deep.equal([]);
      expect(await page.locator('#file .doc.out .kind').allTextContents(), number).to.include('ontvangstbevestiging');
    }
    expect(await page.locator('#file .doc.out .kind').allTextContents()).to.include('melding: nieuwe klacht');

    // Case numbers never break at their hyphens, not even in a narrow phone column.
    expect(await page.$eval('#case-number', (el) => getComputedStyle(el).whiteSpace)).to.equal('nowrap');
    expect(await page.$eval('#file .doc-subject .cn', (el) => getComputedStyle(el).whiteSpace)).to.equal('nowrap');
    await page.goto(`${base}/`);
    await page.setViewportSize({ width: 360, height: 900 });
    for (const a of await page.locator('a.case-link').all()) {
      expect(await a.evaluate((el) => getComputedStyle(el).whiteSpace)).to.equal('nowrap');
      expect(await a.evaluate((el) => el.getClientRects().length), 'one line').to.equal(1);
      expect(await a.getAttribute('href')).to.match(/^\/cases\/[A-Z]+-\d{4}-\d{4}$/);
    }
    expect(codeNames(await page.innerText('body')), 'code names on the list').to.deep.equal([]);

    // The icon: our own SVG, linked from every page's head; no request leaves the site.
    for (const path of ['/', `/cases/${closedNumber}`]) {
      await page.goto(base + path);
      expect(await page.getAttribute('head link[rel=icon]', 'href'), path).to.equal('/favicon.svg');
    }
    const signIn = await (await fetch(`${base}/sign-in`)).text();
    expect(signIn).to.include('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    for (const path of ['/favicon.svg', '/favicon.ico']) {
      const icon = await fetch(base + path);
      expect(icon.status, path).to.equal(200);
      expect(icon.headers.get('content-type'), path).to.equal('image/svg+xml');
      const svg = await icon.text();
      expect(svg, path).to.match(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg, path).not.to.match(/href|<script|url\(/i);
    }

    // Term cards go by due date (then the procedure's order), and the course agrees.
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const number of [caseNumber, closedNumber]) {
      await page.goto(`${base}/cases/${number}`);
      const dues = await page.locator('#terms li.term').evaluateAll((els) => els.map((el) => el.getAttribute('data-due') ?? ''));
      expect(dues.length, number).to.be.greaterThan(1);
      expect(dues, number).to.deep.equal([...dues].sort());
    }

    // A closed case's course says how it ended, in Dutch.
    await page.goto(`${base}/cases/${closedNumber}`);
    const course = await page.innerText('#timeline');
    // The hash chain's links (a `document` and an `attachment` event per filed item) are not steps.
    const steps = await page.locator('#timeline .tl-what').allInnerTexts();
    expect(steps.filter((t) => /^(document|attachment)$/.test(t.trim()))).to.deep.equal([]);
    expect(course).to.include('uitspraak gedaan, uitkomst: gegrond').and.include('zaak gesloten, uitkomst: gegrond');
    expect(await page.locator('#timeline li.tl', { hasText: 'zaak gesloten' }).locator('strong.outcome').textContent()).to.equal('gegrond');
    expect(await page.locator('#terms h3').first().textContent()).to.match(/\(art\.\u00a0\d+\)/);
    const closedShots = [await shot('web-closed-case', 1280), await shot('web-closed-case', 360)];
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/cases/${dismissedNumber}`);
    const dismissed = await page.innerText('#timeline');
    expect(dismissed).to.include('geen klacht (afgedaan zonder behandeling, zonder brieven aan de partijen): een vraag over de openingstijden');
    expect(dismissed).to.include('zaak gesloten, uitkomst: geen klacht');
    expect(await page.innerText('header.case-head')).to.include('Uitkomst').and.include('geen klacht');
    // The list says the outcome of the ruled case too.
    await page.goto(`${base}/`);
    expect(await page.locator('#recent-cases tr', { hasText: closedNumber }).innerText()).to.include('gegrond');
    expect(await page.locator('#recent-cases tr', { hasText: dismissedNumber }).locator('td').last().innerText()).to.equal('geen klacht');
    // Both lists share their columns at 1280 px.
    const left = (table: string) => page.locator(`${table} th`).evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().left)));
    expect(await left('#open-cases')).to.deep.equal(await left('#recent-cases'));
    const listShots = [await shot('web-list-closed', 1280), await shot('web-list-closed', 360)];
    console.log(`      screenshots: ${[...closedShots, ...listShots].map((p) => p.slice(PROJECT_ROOT.length + 1)).join(', ')}`);
  });

  it('when the link is used a second time, then it is refused and signs nobody in', async () => {
    const again = await page.goto(link);
    expect(again!.status()).to.equal(410);
    expect(await page.textContent('h1')).to.include('werkt niet');
    expect(await page.locator('#use-link').count()).to.equal(0);
    const res = await post('/sign-in/link', { t: new URL(link).searchParams.get('t')! });
    expect(res.status).to.equal(410);
    expect(res.headers.get('set-cookie')).to.equal(null);
  });

  it('when she signs out, then the session no longer opens a case', async () => {
    await page.goto(`${base}/`);
    const token = (await context.cookies(base)).find((c) => c.name === 'cd-session')!.value;
    await page.click('form.sign-out button');
    await page.waitForURL(`${base}/sign-in`);
    const res = await fetch(`${base}/cases/${caseNumber}`, { redirect: 'manual', headers: { cookie: `cd-session=${token}` } });
    expect(res.status).to.equal(303);
  });
  it('when one client asks for her links again and again, then it gets no more than its share, she is told once, and she can still sign in from elsewhere', async () => {
    // Behind the loopback reverse proxy the client is the last X-Forwarded-For entry (the proxy's own).
    const from = (ip: string) =>
      fetch(`${base}/sign-in`, {
        method: 'POST', redirect: 'manual', body: new URLSearchParams({ email: COMMISSIONER }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base, 'x-forwarded-for': `10.9.9.9, ${ip}` },
      });
    const requests = () => (db().prepare('SELECT count(*) AS n FROM web_sign_in_requests').get() as { n: number }).n;
    const refusals = () => (db().prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'sign-in-refused' AND to_addr = ?`).get(COMMISSIONER) as { n: number }).n;
    const linksBefore = loginLinks(COMMISSIONER);
    const requestsBefore = requests();
    for (let i = 0; i < LINKS_PER_CLIENT + 3; i++) expect((await from('203.0.113.7')).status).to.equal(200);
    await eventually(() => requests() === requestsBefore + LINKS_PER_CLIENT + 3 || null, 'every request counted');
    expect(loginLinks(COMMISSIONER)).to.equal(linksBefore + LINKS_PER_CLIENT);
    expect(refusals(), 'one notice, not one per refusal').to.equal(1);
    const [notice] = await waitForInbox(stack, 'commissaris', (m) => /aanmeldlinks geweigerd/i.test(m.subject));
    expect((await simpleParser(notice!.raw)).text).to.include('vanaf één en dezelfde plek').and.not.include('203.0.113.7');

    // Another client still gets a link; using it ends every other link still open.
    expect((await from('198.51.100.9')).status).to.equal(200);
    await eventually(() => loginLinks(COMMISSIONER) === linksBefore + LINKS_PER_CLIENT + 1 || null, 'a link for the other client');
    const mails = await waitForInbox(stack, 'commissaris', (m) => /aanmeldlink/i.test(m.subject) && !/geweigerd/i.test(m.subject), 2 + LINKS_PER_CLIENT + 1);
    const tokens: string[] = [];
    for (const m of mails) {
      const t = /sign-in\/link\?t=([A-Za-z0-9_-]{43})/.exec((await simpleParser(m.raw)).text ?? '')?.[1];
      if (t && db().prepare('SELECT 1 FROM web_login_links WHERE token_sha256 = ? AND used_at IS NULL').get(tokenHash(t))) tokens.push(t);
    }
    expect(tokens.length).to.be.at.least(2);
    const used = await post('/sign-in/link', { t: tokens[0]! });
    expect(used.status).to.equal(303);
    expect(db().prepare('SELECT count(*) AS n FROM web_login_links WHERE email = ? AND used_at IS NULL').get(COMMISSIONER)).to.deep.equal({ n: 0 });
    const other = await post('/sign-in/link', { t: tokens[1]! });
    expect(other.status).to.equal(410);
    expect(other.headers.get('set-cookie')).to.equal(null);
  });
});

describe('web overview: the pure parts', () => {
  const cal = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });
  const d = (over: Partial<DeadlineRow>): DeadlineRow => ({
    id: 1, case_id: 1, kind: 'handle', start_date: '2026-11-02', term_wd: 10, term_unit: 'wd', due_date: '2026-11-16', status: 'open',
    created_at: '2026-11-02T09:00:00Z', done_at: null, ...over,
  });
  const move: MoveRow = {
    id: 1, deadline_id: 1, case_id: 1, origin: 'extension', from_date: '2026-11-16', to_date: '2026-11-23', working_days: 5,
    reason: 'ziekte', category: 'ziekte', actor: 'c', message_ref: null, at: '2026-11-05T10:00:00Z', kind: 'handle',
  };
  const table: [string, Partial<DeadlineRow>, string, Record<string, unknown>][] = [
    ['before it starts', { start_date: '2026-11-10', due_date: '2026-11-24' }, '2026-11-05', { position: 'not-started', usedWd: 0 }],
    ['while it runs', {}, '2026-11-09', { position: 'running', usedWd: 5, leftWd: 5, overdueWd: 0 }],
    ['on its last day', {}, '2026-11-16', { position: 'due-today', usedWd: 10, leftWd: 0 }],
    ['after its last day', {}, '2026-11-18', { position: 'overdue', usedWd: 10, leftWd: 0, overdueWd: 2 }],
    ['met in time', { status: 'met', done_at: '2026-11-12T10:00:00Z' }, '2026-11-18', { position: 'met', doneDate: '2026-11-12', usedWd: 8 }],
    ['met late', { status: 'met', done_at: '2026-11-17T10:00:00Z' }, '2026-11-18', { position: 'met-late' }],
    ['cancelled', { status: 'cancelled', done_at: '2026-11-04T10:00:00Z' }, '2026-11-18', { position: 'cancelled', leftWd: 0 }],
  ];
  for (const [when, over, today, expected] of table) {
    it(`when a term is looked at ${when}, then today's place in it is ${String(expected.position)}`, () => {
      expect(termView(d(over), [], today, cal, 'Europe/Amsterdam')).to.include(expected);
    });
  }

  it('when a term was moved, then it shows the original and the current due date and the move', () => {
    const t = termView(d({ due_date: '2026-11-23' }), [move], '2026-11-18', cal, 'Europe/Amsterdam');
    expect(t).to.include({ originalDue: '2026-11-16', due: '2026-11-23', moved: true, position: 'running', totalWd: 15, leftWd: 3 });
    expect(t.moves).to.deep.equal([{ origin: 'extension', from: '2026-11-16', to: '2026-11-23', wd: 5, reason: 'ziekte', date: '2026-11-05' }]);
  });

  it('when an attachment is downloaded, then only inert types keep theirs and the file name cannot break the header', () => {
    expect(safeContentType('text/html; charset=utf-8')).to.equal('application/octet-stream');
    expect(safeContentType('image/svg+xml')).to.equal('application/octet-stream');
    expect(safeContentType('Application/PDF')).to.equal('application/pdf');
    expect(safeContentType('text/plain')).to.equal('text/plain; charset=utf-8');
    const h = attachmentDisposition('rapport "x";\r\nSet-Cookie: a=b/..\\é.pdf');
    expect(h).to.match(/^attachment; filename="[^"\r\n]*"; filename\*=UTF-8''\S+$/);
  });

  it('when the web templates are read, then none inserts anything unescaped (no triple-stash)', () => {
    const dir = join(PROJECT_ROOT, 'templates', 'web');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.hbs'))) expect(readFileSync(join(dir, f), 'utf8'), f).not.to.include('{{{');
  });
});
