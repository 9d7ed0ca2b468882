import { escapeHtml, messagesFor, renderPage, type Language } from '../../../platform/web';
import type { AssetUrls } from '../../../platform/web/assets';

/** The fingerprints `GET /v1/trust` publishes, as the receipt page shows them. */
export interface PublishedTrust {
    readonly mode: 'embedded' | 'fabric';
    readonly nodeKeyFingerprint?: string;
    readonly caFingerprints?: readonly { readonly mspId: string; readonly fingerprint: string }[];
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
<button type="button" id="use-published">${escapeHtml(m.usePublished)}</button></p>`;
    }
    const items = (trust.caFingerprints ?? []).map(
        (ca) => `<li>${escapeHtml(ca.mspId)}: <code class="mono">${escapeHtml(ca.fingerprint)}</code></li>`,
    );
    return `<p>${escapeHtml(m.publishedCas)}</p><ul>${items.join('')}</ul><p>${escapeHtml(m.fabricInBrowser)}</p>`;
}

/** `/receipt`: check a receipt entirely in the browser (the bundle holds the verifier). */
export function renderReceiptPage(input: ReceiptPageInput): string {
    const m = messagesFor(input.lang);
    const main = `<p>${escapeHtml(m.receiptIntro)}</p>
<form id="receipt-form">
<p><label for="receipt">${escapeHtml(m.receiptFile)}</label> <input id="receipt" type="file" accept="application/json,.json" required></p>
<p><label for="original">${escapeHtml(m.originalFile)}</label> <input id="original" type="file"></p>
<p><label for="fingerprint">${escapeHtml(m.fingerprintLabel)}</label><br>
<input id="fingerprint" class="mono" size="80" autocomplete="off" spellcheck="false" aria-describedby="fingerprint-help"></p>
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
