import { escapeHtml, messagesFor, renderPage, type Language } from '../../../platform/web';
import type { AssetUrls } from '../../../platform/web/assets';

/** The fingerprints `GET /v1/trust` publishes, as the receipt page shows them. */
export interface PublishedTrust {
    readonly mode: 'embedded' | 'fabric';
    readonly nodeKeyFingerprint?: string;
    readonly caFingerprints?: readonly { readonly mspId: string; readonly fingerprint: string }[];
    /** Fabric: the ordering organisations, which the page trusts to sign blocks when the CAs are pinned. */
    readonly ordererMspIds?: readonly string[];
}

/** What the `/receipt` page shows. */
export interface ReceiptPageInput {
    readonly lang: Language;
    readonly zone: string;
    readonly assets: AssetUrls;
    readonly trust: PublishedTrust;
}

function trustHtml(trust: PublishedTrust, lang: Language): string {
    const m = messagesFor(lang);
    if (trust.nodeKeyFingerprint !== undefined) {
        return `<p>${escapeHtml(m.publishedFingerprint)} <code id="published" class="mono">${escapeHtml(trust.nodeKeyFingerprint)}</code>
<button type="button" id="use-published" data-pins="${escapeHtml(trust.nodeKeyFingerprint)}">${escapeHtml(m.usePublished)}</button></p>`;
    }
    const cas = trust.caFingerprints ?? [];
    const items = cas.map(
        (ca) => `<li>${escapeHtml(ca.mspId)}: <code class="mono">${escapeHtml(ca.fingerprint)}</code></li>`,
    );
    const pins = cas.map((ca) => `${ca.mspId}=${ca.fingerprint}`).join(', ');
    return `<p>${escapeHtml(m.publishedCas)}</p><ul id="published">${items.join('')}</ul>
<p><button type="button" id="use-published" data-pins="${escapeHtml(pins)}">${escapeHtml(m.usePublished)}</button></p>`;
}

/** `/receipt`: check a receipt entirely in the browser (the bundle holds the verifier). */
export function renderReceiptPage(input: ReceiptPageInput): string {
    const m = messagesFor(input.lang);
    const main = `<p>${escapeHtml(m.receiptIntro)}</p>
<form id="receipt-form" data-orderers="${escapeHtml((input.trust.ordererMspIds ?? []).join(','))}">
<p><label for="receipt">${escapeHtml(m.receiptFile)}</label> <input id="receipt" type="file" accept="application/json,.json" required></p>
<p><label for="original">${escapeHtml(m.originalFile)}</label> <input id="original" type="file"></p>
<p><label for="fingerprint">${escapeHtml(m.fingerprintLabel)}</label><br>
<textarea id="fingerprint" class="mono" rows="3" cols="80" autocomplete="off" spellcheck="false" aria-describedby="fingerprint-help"></textarea></p>
<p id="fingerprint-help" class="muted">${escapeHtml(m.fingerprintHelp)}</p>
${trustHtml(input.trust, input.lang)}
<p><button type="submit">${escapeHtml(m.checkButton)}</button></p>
</form>
<div id="result" aria-live="polite"></div>`;
    return renderPage({
        lang: input.lang,
        path: '/receipt',
        title: m.receiptTitle,
        main,
        zone: input.zone,
        ...(input.assets['style.css'] === undefined ? {} : { stylesheet: input.assets['style.css'] }),
        ...(input.assets['receipt.js'] === undefined ? {} : { script: input.assets['receipt.js'] }),
    });
}
