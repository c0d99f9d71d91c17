/**
 * One pooled nodemailer transport, reused for every letter. nodemailer never retries by itself;
 * BullMQ does, after decideSendFailure() (src/errors/send-failure.ts) has said whether it is worth it.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';
// OAuth2 (XOAUTH2) logins: src/mail-auth.
import { makeMailTokens } from '../mail-auth/mail-tokens.js';
import { smtpAuthOptions, withTokenRenewal } from '../mail-auth/smtp.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';

export type MailTransport = Transporter;

export function createTransport(config: Config, opts: { tokens?: AccessTokenSource } = {}): MailTransport {
  const { smtp } = config;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    // Password, a fixed XOAUTH2 token, or XOAUTH2 with renewed tokens (below); none without SMTP_USER.
    auth: smtpAuthOptions(config),
    // Opportunistic STARTTLS (SPEC §10); servers on loopback in tests offer none.
    requireTLS: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // OAuth2: tokens from the shared source (the composition root's; a set of its own otherwise), renewed ahead of expiry and after a refusal.
  const tokens = config.mailAuth.smtp === 'oauth2' ? (opts.tokens ?? makeMailTokens(config).smtp) : undefined;
  return tokens ? withTokenRenewal(transport, tokens) : transport;
}
