import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the sink accepted. */
export interface CapturedMail {
    readonly from: string;
    readonly to: readonly string[];
    /** The raw RFC 5322 message. */
    readonly raw: string;
    /** The `Subject` header, RFC 2047 encoded words decoded. */
    readonly subject: string;
    /** The body, quoted-printable or base64 decoded. */
    readonly text: string;
}

/** The unfolded `Subject` header with its `=?UTF-8?B|Q?…?=` encoded words decoded. */
function subjectOf(raw: string): string {
    const split = raw.indexOf('\r\n\r\n');
    const headers = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, ' ');
    const value = /^subject:[ \t]*(.*)$/im.exec(headers)?.[1] ?? '';
    return value
        .replace(/\?=\s+=\?/g, '?==?')
        .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_match, encoding: string, word: string) =>
            encoding.toLowerCase() === 'b'
                ? Buffer.from(word, 'base64').toString('utf8')
                : Buffer.from(
                      word
                          .replace(/_/g, ' ')
                          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
                              String.fromCharCode(Number.parseInt(hex, 16)),
                          ),
                      'latin1',
                  ).toString('utf8'),
        );
}

/** The body of a single-part message, decoding quoted-printable or base64. */
function bodyText(raw: string): string {
    const split = raw.indexOf('\r\n\r\n');
    const headers = split < 0 ? '' : raw.slice(0, split);
    const body = split < 0 ? raw : raw.slice(split + 4);
    if (/^content-transfer-encoding:\s*base64/im.test(headers)) {
        return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    if (!/^content-transfer-encoding:\s*quoted-printable/im.test(headers)) {
        return body;
    }
    const bytes = body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on 127.0.0.1 (random port) that keeps what it receives. */
export interface SmtpSink {
    readonly url: string;
    readonly messages: CapturedMail[];
    close(): Promise<void>;
}

/**
 * Starts an SMTP server (smtp-server, no TLS, no auth) on a random loopback port. Recipients whose local part
 * starts with `reject` are refused with 550, like a receiving server that has no such mailbox.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
    const messages: CapturedMail[] = [];
    const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onRcptTo(address, _session, callback) {
            if (address.address.startsWith('reject')) {
                callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
                return;
            }
            callback();
        },
        onData(stream, session, callback) {
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
                const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
                const raw = Buffer.concat(chunks).toString('utf8');
                const to = session.envelope.rcptTo.map((r) => r.address);
                messages.push({ from, to, raw, subject: subjectOf(raw), text: bodyText(raw) });
                callback(null, 'queued for delivery');
            });
        },
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            resolve();
        });
    });
    const { port } = server.server.address() as AddressInfo;
    return {
        url: `smtp://127.0.0.1:${port}`,
        messages,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => {
                    resolve();
                });
            }),
    };
}
