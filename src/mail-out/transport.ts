/**
 * One pooled nodemailer transport, reused for every letter. nodemailer never retries by itself;
 * BullMQ does, after classifySmtpError() has said whether it is worth it.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';

export type MailTransport = Transporter;

export function createTransport(config: Config): MailTransport {
  const { smtp } = config;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
    // Opportunistic STARTTLS (SPEC §10); servers on loopback in tests offer none.
    requireTLS: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}
