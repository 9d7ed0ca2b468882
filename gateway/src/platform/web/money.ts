import type { Language } from './messages';

/**
 * An amount of integer fen (分) as yuan in the page's language, e.g. `¥1,234.56` (zh-CN), `CN¥1,234.56` (en).
 * Whole yuan and fen are split as integers, so no fraction of a fen is ever rounded away.
 */
export function formatYuan(fen: number, lang: Language): string {
    const sign = fen < 0 ? '-' : '';
    const abs = Math.abs(fen);
    const yuan = new Intl.NumberFormat(lang, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(
        Math.trunc(abs / 100),
    );
    return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
