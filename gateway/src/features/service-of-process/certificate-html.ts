import {
    courtTimeHtml,
    escapeHtml,
    format,
    messagesFor,
    renderPage,
    type Language,
    type Messages,
} from '../../platform/web';
import type { AssetUrls } from '../../platform/web/assets';
import type { ServiceCertificate } from './certificate';
import type { ServiceEventView } from './schemas';

/** How the printable certificate is shown: language, the court's zone, the stylesheet. */
export interface CertificatePageOptions {
    readonly lang: Language;
    readonly zone: string;
    readonly assets: AssetUrls;
}

function row(label: string, valueHtml: string, mono = false): string {
    return `<tr><th scope="row">${escapeHtml(label)}</th><td${mono ? ' class="mono"' : ''}>${valueHtml}</td></tr>`;
}

function actorText(event: ServiceEventView, m: Messages): string {
    const who =
        event.actor.sub ?? format(m.certificate.recipientActor, { pseudonym: event.actor.recipientPseudonym ?? '' });
    return `${who} (${event.actor.role})`;
}

function eventRow(event: ServiceEventView, index: number, m: Messages, zone: string): string {
    const notes = [
        event.detail,
        event.attestation === undefined ? undefined : format(m.certificate.attestation, { value: event.attestation }),
        event.keyFingerprint === undefined ? undefined : format(m.certificate.key, { value: event.keyFingerprint }),
    ].filter((note): note is string => note !== undefined);
    const cells = [
        escapeHtml(index + 1),
        escapeHtml(m.certificate.eventTypes[event.type] ?? event.type),
        courtTimeHtml(event.at, zone),
        courtTimeHtml(event.recordedAt, zone),
        escapeHtml(actorText(event, m)),
        escapeHtml(notes.join('; ')),
        `<span class="mono">${escapeHtml(event.txId)}</span>`,
        escapeHtml(event.blockNumber),
    ];
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

function conclusionHtml(certificate: ServiceCertificate, m: Messages, zone: string): string {
    const { legalService } = certificate;
    const rule = m.certificate.rules[legalService.rule];
    const status = m.certificate.statuses[legalService.status] ?? legalService.status;
    return `<section class="legal" aria-labelledby="conclusion"><h2 id="conclusion">${escapeHtml(m.certificate.conclusion)}</h2>
<p class="verdict" data-status="${escapeHtml(legalService.status)}"><strong>${escapeHtml(status)}</strong></p>
<table class="record">
${legalService.servedAt === undefined ? '' : row(m.certificate.servedAt, courtTimeHtml(legalService.servedAt, zone))}
${row(m.certificate.rule, `<code>${escapeHtml(legalService.rule)}</code>`)}
${row(m.certificate.ruleSays, escapeHtml(rule?.when ?? legalService.when))}
${row(m.certificate.source, escapeHtml(rule?.source ?? legalService.source))}
</table>
<h3>${escapeHtml(m.certificate.seedTitle)}</h3>
<p>${escapeHtml(m.certificate.seedSummary)}</p>
<blockquote lang="en" class="muted">${escapeHtml(m.seedText.art26)} ${escapeHtml(m.seedQuoteNote)}</blockquote>
</section>`;
}

/**
 * The printable certificate (`Accept: text/html`) in the shared page shell: Chinese first (`?lang=en`), every
 * time in the court's zone with the UTC instant beside it, the deciding rule in words with its instruments,
 * and the seed's Art. 26. Every value is escaped.
 */
export function renderCertificateHtml(certificate: ServiceCertificate, options: CertificatePageOptions): string {
    const { lang, zone, assets } = options;
    const m = messagesFor(lang);
    const c = m.certificate;
    const { service } = certificate;
    const generated = format(escapeHtml(c.generated), {
        time: courtTimeHtml(certificate.generatedAt, zone),
        mode: escapeHtml(certificate.ledger.mode),
        channel: escapeHtml(certificate.ledger.channel),
    });
    const main = `<p class="muted">${generated}</p>
${conclusionHtml(certificate, m, zone)}
<h2>${escapeHtml(c.service)}</h2><table class="record">
${row(c.serviceId, escapeHtml(service.serviceId), true)}
${row(c.caseId, escapeHtml(service.caseId))}
${row(c.documentType, escapeHtml(service.documentType))}
${row('SHA-256', escapeHtml(service.document.sha256), true)}
${service.document.sm3 === undefined ? '' : row('SM3', escapeHtml(service.document.sm3), true)}
${row(c.recipient, escapeHtml(service.recipientPseudonym), true)}
${row(c.addressHash, escapeHtml(service.addressHash), true)}
${row(c.addressConfirmed, escapeHtml(service.addressConfirmed ? m.yes : m.no))}
${row(c.channel, escapeHtml(c.channels[service.channel] ?? service.channel))}
${row(c.issuedBy, escapeHtml(`${service.issuedBy.sub} (${service.issuedBy.role})`))}
${row(c.issuedAt, courtTimeHtml(service.issuedAt, zone))}
${row(c.issuingTx, escapeHtml(format(c.inBlock, { txId: service.txId, block: service.blockNumber })), true)}
${row(c.status, escapeHtml(c.eventTypes[service.status] ?? service.status))}
</table>
<h2>${escapeHtml(c.events)}</h2><table class="events"><thead><tr>${c.columns.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${certificate.events.map((event, i) => eventRow(event, i, m, zone)).join('\n')}
</tbody></table>`;
    return renderPage({
        lang,
        path: `/v1/services/${encodeURIComponent(service.serviceId)}/certificate`,
        title: c.title,
        main,
        zone,
        footer: m.recordFooter,
        ...(assets['style.css'] === undefined ? {} : { stylesheet: assets['style.css'] }),
    });
}
