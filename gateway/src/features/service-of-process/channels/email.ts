import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { DocumentType, ServiceRecord } from '@court-ledger/chaincode';
import { courtTime } from '../../../platform/web/court-time';
import { ledgerDetail, type ChannelResult, type ServiceChannel } from './channel';

/** Settings of the e-mail channel. */
export interface EmailChannelOptions {
    /** `smtp://host:port` or `smtps://…` (credentials in the URL if the relay needs them). */
    readonly smtpUrl: string;
    /** The `From` header. */
    readonly from: string;
    /** The gateway's public URL (`PUBLIC_URL`); the recipient's link is {@link recipientLink}. */
    readonly publicUrl: string;
    /** The court's IANA time zone (`COURT_TIME_ZONE`) for the times in the message. */
    readonly timeZone: string;
    /** Connection, greeting and socket timeouts in milliseconds (default 10 000). */
    readonly timeoutMs?: number;
}

/** The page a recipient opens: `<PUBLIC_URL>/services/<serviceId>` (a sign-in page in a browser without a token). */
export function recipientLink(publicUrl: string, serviceId: string): string {
    return `${publicUrl}/services/${encodeURIComponent(serviceId)}`;
}

/** Chinese names of the document types (the English is the type itself). */
const DOCUMENT_TYPE_ZH: Readonly<Record<DocumentType, string>> = {
    summons: '传票',
    notice: '通知书',
    judgment: '判决书',
    ruling: '裁定书',
    'mediation-document': '调解书',
    'enforcement-notice': '执行通知书',
    other: '其他文书',
};

/**
 * The notice e-mailed to a recipient, Chinese first then English: no attachment, no case number, only the
 * link; the issuing time in the court's zone with the UTC instant beside.
 */
export function noticeText(service: ServiceRecord, link: string, timeZone: string): { subject: string; text: string } {
    const typeZh = DOCUMENT_TYPE_ZH[service.documentType];
    const issued = courtTime(service.issuedAt, timeZone);
    return {
        subject:
            `法院文书送达通知：${typeZh}（${service.serviceId}）/ ` +
            `Court service of a document (${service.documentType}) - ${service.serviceId}`,
        text: [
            '法院已通过诉讼服务平台向您送达一份文书。',
            '',
            `送达编号：${service.serviceId}`,
            `文书类型：${typeZh}`,
            `发出时间：${issued.local}（${issued.zone}），UTC ${issued.utc}`,
            `文书 SHA-256：${service.document.sha256}`,
            '',
            '请登录后阅读和下载：',
            link,
            '',
            '本邮件不含附件；文书仅在平台上提供。',
            '',
            '----------------------------------------',
            '',
            'A court has served a document on you through the court platform.',
            '',
            `Service: ${service.serviceId}`,
            `Document type: ${service.documentType}`,
            `Issued: ${issued.local} (${issued.zone}), UTC ${issued.utc}`,
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
        const link = recipientLink(this.options.publicUrl, service.serviceId);
        const { subject, text } = noticeText(service, link, this.options.timeZone);
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
