const ESCAPES: Readonly<Record<string, string>> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values (server pages and the browser alike). */
export function escapeHtml(value: unknown): string {
    return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
