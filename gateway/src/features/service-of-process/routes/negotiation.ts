/** True when the client prefers an HTML page (a browser, or `Accept: text/html`). */
export function wantsHtml(accept: string | undefined): boolean {
    return accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}
