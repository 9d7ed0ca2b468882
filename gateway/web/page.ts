import { languageOf, messagesFor, type Language, type Messages } from '../src/platform/web/messages';

/** The element with `id`, of the expected type; throws if the page lacks it (a page/script mismatch). */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
    const element = document.getElementById(id);
    if (!(element instanceof type)) {
        throw new Error(`page has no #${id}`);
    }
    return element;
}

/** The page's language, catalogue and court time zone, as the server rendered them. */
export function pageContext(): { lang: Language; m: Messages; zone: string } {
    const lang = languageOf(document.documentElement.lang);
    return { lang, m: messagesFor(lang), zone: document.body.dataset['zone'] ?? 'Asia/Shanghai' };
}

/** A byte count for people: MB with one decimal. */
export function megabytes(bytes: number): string {
    return `${(bytes / 1e6).toFixed(1)} MB`;
}
