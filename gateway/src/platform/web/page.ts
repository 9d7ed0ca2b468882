import { escapeHtml } from './html';
import { format, LANGUAGES, messagesFor, type Language } from './messages';

/** What {@link renderPage} lays out. */
export interface PageInput {
    readonly lang: Language;
    /** The path of this page (for the language switch and the navigation). */
    readonly path: string;
    readonly title: string;
    /** Escaped HTML of the main content. */
    readonly main: string;
    /** URLs of the page's stylesheet and scripts (hashed asset names), if built. */
    readonly stylesheet?: string;
    readonly script?: string;
    /** The court's time zone, for the browser's answers. */
    readonly zone: string;
    /** The footer's first sentence, if not the verification pages' (`messages.footer`). */
    readonly footer?: string;
}

function link(path: string, lang: Language, label: string, current: boolean): string {
    const href = `${path}?lang=${encodeURIComponent(lang)}`;
    return `<a href="${escapeHtml(href)}"${current ? ' aria-current="page"' : ''}>${escapeHtml(label)}</a>`;
}

/**
 * The one page shell of the gateway's pages: language, navigation, language switch, footer; the stylesheet
 * and script are external files (the Content-Security-Policy allows no inline script or style).
 */
export function renderPage(input: PageInput): string {
    const m = messagesFor(input.lang);
    const other = LANGUAGES.find((lang) => lang !== input.lang) ?? 'en';
    const nav = [
        link('/', input.lang, m.navVerify, input.path === '/'),
        link('/receipt', input.lang, m.navReceipt, input.path === '/receipt'),
    ].join(' ');
    return `<!doctype html>
<html lang="${escapeHtml(input.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} · ${escapeHtml(m.siteName)}</title>
${input.stylesheet === undefined ? '' : `<link rel="stylesheet" href="${escapeHtml(input.stylesheet)}">`}
${input.script === undefined ? '' : `<script type="module" src="${escapeHtml(input.script)}"></script>`}
</head><body data-zone="${escapeHtml(input.zone)}">
<header><p class="site">${escapeHtml(m.siteName)}</p><nav aria-label="${escapeHtml(m.siteName)}">${nav}</nav>
<p class="lang">${link(input.path, other, m.switchTo, false).replace('<a ', `<a lang="${escapeHtml(other)}" id="switch-lang" `)}</p></header>
<main id="main"><h1>${escapeHtml(input.title)}</h1>
${input.main}
</main>
<footer><p>${escapeHtml(input.footer ?? m.footer)} ${escapeHtml(format(m.zoneNote, { zone: input.zone }))}</p></footer>
</body></html>
`;
}
