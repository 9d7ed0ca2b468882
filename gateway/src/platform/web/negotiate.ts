/** True when a request's `Accept` header names `text/html` (a browser, or a client asking for the page). */
export function wantsHtml(accept: string | undefined): boolean {
    return accept !== undefined && /(^|,)\s*text\/html\s*(;|,|$)/i.test(accept);
}
