import type { ServiceCertificate } from './certificate';
import { escapeHtml } from '../../platform/web/html';
import type { ServiceEventView } from './schemas';

const STATUS_TEXT: Readonly<Record<string, string>> = {
    served: 'Served',
    presumed: 'Presumed served (rebuttable)',
    'not-served': 'Not served',
};

function row(label: string, value: unknown): string {
    return `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

function actorText(event: ServiceEventView): string {
    const who = event.actor.sub ?? `recipient ${event.actor.recipientPseudonym ?? ''}`;
    return `${who} (${event.actor.role})`;
}

function eventRow(event: ServiceEventView, index: number): string {
    const notes = [
        event.detail,
        event.attestation === undefined ? undefined : `attestation: ${event.attestation}`,
        event.keyFingerprint === undefined ? undefined : `key ${event.keyFingerprint}`,
    ].filter((note): note is string => note !== undefined);
    return (
        `<tr><td>${index + 1}</td><td>${escapeHtml(event.type)}</td><td>${escapeHtml(event.at)}</td>` +
        `<td>${escapeHtml(event.recordedAt)}</td><td>${escapeHtml(actorText(event))}</td>` +
        `<td>${escapeHtml(notes.join('; '))}</td><td class="mono">${escapeHtml(event.txId)}</td>` +
        `<td>${escapeHtml(event.blockNumber)}</td></tr>`
    );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#111}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3;width:14rem}.events th{width:auto}.mono,td.mono{font-family:ui-monospace,monospace;word-break:break-all}
.legal{border:2px solid #111;padding:.75rem 1rem}.muted{color:#555}
@media print{body{margin:0}a{color:inherit}}`;

/** A printable HTML page of the certificate; every value is escaped. */
export function renderCertificateHtml(certificate: ServiceCertificate): string {
    const { service, legalService } = certificate;
    const served = legalService.servedAt === undefined ? '' : ` — ${legalService.servedAt}`;
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certificate of service ${escapeHtml(service.serviceId)}</title>
<style>${STYLE}</style></head><body>
<h1>Certificate of service of a judicial document</h1>
<p class="muted">Generated ${escapeHtml(certificate.generatedAt)} from the court ledger (${escapeHtml(certificate.ledger.mode)}, channel ${escapeHtml(certificate.ledger.channel)}).</p>
<div class="legal"><strong>${escapeHtml(STATUS_TEXT[legalService.status] ?? legalService.status)}${escapeHtml(served)}</strong><br>
Rule <span class="mono">${escapeHtml(legalService.rule)}</span>: ${escapeHtml(legalService.when)}<br>
<span class="muted">Source: ${escapeHtml(legalService.source)}</span></div>
<h2>Service</h2><table>
${row('Service id', service.serviceId)}
${row('Case', service.caseId)}
${row('Document type', service.documentType)}
${row('Document SHA-256', service.document.sha256)}
${service.document.sm3 === undefined ? '' : row('Document SM3', service.document.sm3)}
${row('Recipient (pseudonym)', service.recipientPseudonym)}
${row('Address reference (salted hash)', service.addressHash)}
${row('Address designated or confirmed by the recipient', service.addressConfirmed ? 'yes' : 'no')}
${row('Channel', service.channel)}
${row('Issued by', `${service.issuedBy.sub} (${service.issuedBy.role})`)}
${row('Issued at', service.issuedAt)}
${row('Issuing transaction', `${service.txId} in block ${service.blockNumber}`)}
${row('Status', service.status)}
</table>
<h2>Events</h2><table class="events"><thead><tr><th>#</th><th>Event</th><th>At</th><th>Recorded</th><th>By</th><th>Detail</th><th>Transaction</th><th>Block</th></tr></thead><tbody>
${certificate.events.map(eventRow).join('\n')}
</tbody></table>
</body></html>
`;
}
