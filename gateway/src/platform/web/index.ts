/**
 * The look of the gateway's pages, shared by every feature that serves one: the page shell, the message
 * catalogues (zh-CN first, English), HTML escaping and court-zone times. No Node built-ins: the browser
 * bundle uses the same catalogues and formatting.
 */
export { DEFAULT_COURT_TIME_ZONE, checkTimeZone, courtTime, courtTimeHtml, type CourtTime } from './court-time';
export { escapeHtml } from './html';
export { formatYuan } from './money';
export { wantsHtml } from './negotiate';
export { format, languageOf, LANGUAGES, messagesFor, type Language, type Messages } from './messages';
export { renderPage, type PageInput } from './page';
