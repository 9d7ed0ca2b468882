import { escapeHtml, messagesFor, renderPage, type Language } from '../../../platform/web';
import type { AssetUrls } from '../../../platform/web/assets';
import { renderAnswer, type VerifyAnswer } from './answer';

/** What the `/` page shows. */
export interface VerifyPageInput {
    readonly lang: Language;
    readonly zone: string;
    readonly assets: AssetUrls;
    /** The answer to a digest or an uploaded file, when the server has one (no-JavaScript use). */
    readonly answer?: VerifyAnswer;
    readonly digest?: string;
    readonly algorithm?: 'sha256' | 'sm3';
}

/** `/`: verify a file hashed in the browser, a digest, or (without JavaScript) an uploaded file. */
export function renderVerifyPage(input: VerifyPageInput): string {
    const m = messagesFor(input.lang);
    const q = `?lang=${encodeURIComponent(input.lang)}`;
    const algorithm = input.algorithm ?? 'sha256';
    const option = (value: string, label: string): string =>
        `<option value="${value}"${algorithm === value ? ' selected' : ''}>${label}</option>`;
    const main = `<p>${escapeHtml(m.verifyIntro)}</p>
<section id="pick" class="drop" aria-labelledby="pick-label">
<label id="pick-label" for="file" class="button">${escapeHtml(m.chooseFile)}</label>
<input id="file" type="file" class="visually-hidden-focusable">
<span class="muted">${escapeHtml(m.dropHere)}</span>
<div id="hashing" hidden><label for="progress">${escapeHtml(m.hashing)}</label>
<progress id="progress" max="1" value="0"></progress> <output id="speed" for="file"></output></div>
</section>
<div id="answer" aria-live="polite">${input.answer === undefined ? '' : renderAnswer(input.answer, input.lang, input.zone)}</div>
<section aria-labelledby="digest-title"><h2 id="digest-title">${escapeHtml(m.digestTitle)}</h2>
<p>${escapeHtml(m.digestIntro)}</p>
<form id="digest-form" method="get" action="/">
<input type="hidden" name="lang" value="${escapeHtml(input.lang)}">
<label for="algorithm">${escapeHtml(m.algorithmLabel)}</label>
<select id="algorithm" name="algorithm">${option('sha256', 'SHA-256')}${option('sm3', 'SM3')}</select>
<label for="digest">${escapeHtml(m.digestLabel)}</label>
<input id="digest" name="digest" class="mono" size="70" autocomplete="off" spellcheck="false" value="${escapeHtml(input.digest ?? '')}">
<button type="submit">${escapeHtml(m.verifyButton)}</button>
</form></section>
<details id="nojs"><summary>${escapeHtml(m.noJsTitle)}</summary>
<p>${escapeHtml(m.noJsIntro)}</p>
<form method="post" action="/${q}" enctype="multipart/form-data">
<label for="upload">${escapeHtml(m.chooseFile)}</label> <input id="upload" name="file" type="file" required>
<button type="submit">${escapeHtml(m.uploadButton)}</button>
</form></details>`;
    return renderPage({
        lang: input.lang,
        path: '/',
        title: m.verifyTitle,
        main,
        zone: input.zone,
        ...(input.assets['style.css'] === undefined ? {} : { stylesheet: input.assets['style.css'] }),
        ...(input.assets['verify.js'] === undefined ? {} : { script: input.assets['verify.js'] }),
    });
}
