import {
    courtTimeHtml,
    escapeHtml,
    format,
    formatYuan,
    messagesFor,
    renderPage,
    type Language,
    type Messages,
} from '../../platform/web';
import type { AssetUrls } from '../../platform/web/assets';
import type { StepViewBody, TimelineBody } from './schemas';

/** How the timeline page is shown: language, the court's zone, the stylesheet. */
export interface TimelinePageOptions {
    readonly lang: Language;
    readonly zone: string;
    readonly assets: AssetUrls;
}

/** Step fields every step has (shown in their own columns, not under "content"). */
const COMMON = new Set(['caseId', 'seq', 'step', 'actor', 'at', 'txId', 'automatic', 'trigger', 'blockNumber']);
/** Step fields that are integer fen. */
const AMOUNTS = new Set(['amount', 'value', 'referencePrice', 'reserve', 'deposit', 'price']);
/** Step fields that are instants. */
const INSTANTS = new Set(['startAt', 'announcedAt']);

function fieldHtml(name: string, value: unknown, lang: Language, zone: string): string {
    if (AMOUNTS.has(name) && typeof value === 'number') {
        return `<span class="amount">${escapeHtml(formatYuan(value, lang))}</span>`;
    }
    if (INSTANTS.has(name) && typeof value === 'string') {
        return courtTimeHtml(value, zone);
    }
    if (Array.isArray(value)) {
        return escapeHtml(value.join(', '));
    }
    const text = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
    return /Sha256$|Pseudonym$/.test(name) ? `<span class="mono">${escapeHtml(text)}</span>` : escapeHtml(text);
}

function contentHtml(step: StepViewBody, m: Messages, lang: Language, zone: string): string {
    const fields = Object.entries(step).filter(([name]) => !COMMON.has(name));
    const items = fields.map(
        ([name, value]) =>
            `<li>${escapeHtml(m.timeline.fields[name] ?? name)}: ${fieldHtml(name, value, lang, zone)}</li>`,
    );
    const automatic =
        step.automatic && step.trigger !== undefined
            ? `<li>${escapeHtml(format(m.timeline.automatic, { trigger: step.trigger }))}</li>`
            : '';
    return items.length === 0 && automatic === '' ? '' : `<ul class="fields">${automatic}${items.join('')}</ul>`;
}

function ruleHtml(step: StepViewBody, m: Messages): string {
    const rule = m.timeline.rules[step.step];
    const said = rule === undefined ? '' : `${escapeHtml(rule.rule)}<br>`;
    const source = rule === undefined ? '' : `<cite>${escapeHtml(rule.source)}</cite><br>`;
    return `${said}${source}<span class="muted">${escapeHtml(m.timeline.roleRule)}</span>`;
}

function stepRow(step: StepViewBody, m: Messages, lang: Language, zone: string): string {
    const cells = [
        escapeHtml(step.seq),
        escapeHtml(m.timeline.steps[step.step] ?? step.step),
        courtTimeHtml(step.at, zone),
        `<span class="mono">${escapeHtml(step.actor.sub)}</span> (${escapeHtml(step.actor.role)})`,
        contentHtml(step, m, lang, zone),
        `<span class="mono">${escapeHtml(step.txId)}</span>`,
        escapeHtml(step.blockNumber),
        ruleHtml(step, m),
    ];
    return `<tr data-step="${escapeHtml(step.step)}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
}

/**
 * The enforcement timeline as a page (`Accept: text/html` on the timeline route): every step with its actor,
 * its time in the court's zone and the UTC instant, transaction and block, amounts in yuan from integer fen,
 * and the rule it was checked against with its instrument; the seed's Art. 31 above. Every value is escaped.
 */
export function renderTimelineHtml(timeline: TimelineBody, options: TimelinePageOptions): string {
    const { lang, zone, assets } = options;
    const m = messagesFor(lang);
    const t = m.timeline;
    const main = `<p>${escapeHtml(t.intro)}</p>
<p>${escapeHtml(t.status)}: <strong data-status="${escapeHtml(timeline.status)}">${escapeHtml(t.statuses[timeline.status] ?? timeline.status)}</strong></p>
<section class="legal"><h2>${escapeHtml(t.seedTitle)}</h2><p>${escapeHtml(t.seedSummary)}</p>
<blockquote lang="en" class="muted">${escapeHtml(m.seedText.art31)} ${escapeHtml(m.seedQuoteNote)}</blockquote></section>
<table class="events timeline"><thead><tr>${t.columns.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${timeline.steps.map((step) => stepRow(step, m, lang, zone)).join('\n')}
</tbody></table>`;
    return renderPage({
        lang,
        path: `/v1/enforcement/cases/${encodeURIComponent(timeline.caseId)}/timeline`,
        title: format(t.title, { caseId: timeline.caseId }),
        main,
        zone,
        footer: m.recordFooter,
        ...(assets['style.css'] === undefined ? {} : { stylesheet: assets['style.css'] }),
    });
}
