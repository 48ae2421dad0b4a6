import nodemailer from 'nodemailer';
import type { EmailPort, OutgoingMessage } from '../../ports.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:port or smtps://… (nodemailer connection URL). */
  url: string;
  /** The From header, e.g. "Example Mobile <no-reply@example.com>". */
  from: string;
  /** Gives up on a connection or a reply after this long, so a hung server fails the attempt. */
  timeoutMs: number;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The HTML part: the same words as the text part, paragraphs kept, links clickable, nothing else. */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((paragraph) =>
      escapeHtml(paragraph).replace(/https?:\/\/[^\s<]+[^\s<.,;:)]/g, (url) => `<a href="${url}">${url}</a>`),
    )
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.join('')}</body></html>`;
}

/**
 * E-mail over SMTP. The outbox message id becomes the Message-ID, so a message re-sent after a
 * crash between sending and recording can be recognised as the same message by the receiver.
 */
export function smtpEmail(options: SmtpOptions): EmailPort & { close(): void } {
  const url = new URL(options.url);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(message: OutgoingMessage) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.body,
        html: htmlFromText(message.body),
        messageId: `<${message.id}@simexit>`,
        headers: { 'X-Simexit-Message-Id': message.id },
      });
    },
    close: () => transport.close(),
  };
}
