import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ServiceRecord } from '@court-ledger/chaincode';
import { ledgerDetail, type ChannelResult, type ServiceChannel } from './channel';

/** Settings of the e-mail channel. */
export interface EmailChannelOptions {
    /** `smtp://host:port` or `smtps://…` (credentials in the URL if the relay needs them). */
    readonly smtpUrl: string;
    /** The `From` header. */
    readonly from: string;
    /** Link template for the recipient; `{serviceId}` is replaced. */
    readonly portalUrl: string;
    /** Connection, greeting and socket timeouts in milliseconds (default 10 000). */
    readonly timeoutMs?: number;
}

/** The notice e-mailed to a recipient: no attachment, no case number, only the link to the portal. */
export function noticeText(service: ServiceRecord, link: string): { subject: string; text: string } {
    return {
        subject: `Court service of a document (${service.documentType}) - ${service.serviceId}`,
        text: [
            'A court has served a document on you through the court platform.',
            '',
            `Service: ${service.serviceId}`,
            `Document type: ${service.documentType}`,
            `Document SHA-256: ${service.document.sha256}`,
            '',
            'Read and download it after signing in:',
            link,
            '',
            'This message holds no attachment; the document is available only on the platform.',
        ].join('\n'),
    };
}

interface SmtpError {
    readonly code?: string;
    readonly responseCode?: number;
    readonly response?: string;
    readonly message?: string;
}

/**
 * Serves by e-mail over SMTP (nodemailer). The SMTP transaction succeeding — the receiving mail server
 * accepted the recipient and the message — is `delivered` (it reached the recipient's system); a rejection or
 * an unreachable server is `delivery-failed`, with the server's reply (address removed) as detail.
 */
export class EmailChannel implements ServiceChannel {
    readonly name = 'email' as const;
    private readonly transport: Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

    constructor(private readonly options: EmailChannelOptions) {
        const timeout = options.timeoutMs ?? 10_000;
        const transport: SMTPTransport.Options = {
            url: options.smtpUrl,
            connectionTimeout: timeout,
            greetingTimeout: timeout,
            socketTimeout: timeout,
        };
        this.transport = createTransport(transport);
    }

    async send(service: ServiceRecord, recipientAddress: string): Promise<ChannelResult> {
        const link = this.options.portalUrl.split('{serviceId}').join(service.serviceId);
        const { subject, text } = noticeText(service, link);
        try {
            const info = await this.transport.sendMail({
                from: this.options.from,
                to: recipientAddress,
                subject,
                text,
            });
            const accepted = info.accepted.length === 1 && info.rejected.length === 0;
            const reply = ledgerDetail(info.response, recipientAddress);
            return accepted
                ? { delivered: true, detail: ledgerDetail(`accepted by the mail server: ${reply}`) }
                : { delivered: false, detail: ledgerDetail(`rejected by the mail server: ${reply}`) };
        } catch (error) {
            const smtp = error as SmtpError;
            const reply = smtp.response ?? smtp.message ?? 'unknown error';
            const what =
                smtp.responseCode === undefined
                    ? `mail server unreachable (${smtp.code ?? 'error'})`
                    : 'rejected by the mail server';
            return { delivered: false, detail: ledgerDetail(`${what}: ${reply}`, recipientAddress) };
        }
    }

    close(): void {
        this.transport.close();
    }
}
