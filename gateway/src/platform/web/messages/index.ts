/**
 * The message catalogues, one per language, shared by the server-rendered pages and the browser bundle:
 * `zh-CN` first (the default), English switchable.
 */
import { en } from './en';
import { zhCN, type Messages } from './zh-CN';

export type { Messages };

/** The page languages, the default first. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGUES: Readonly<Record<Language, Messages>> = { 'zh-CN': zhCN, en };

/** `value` if it names a page language, else the default (`zh-CN`). */
export function languageOf(value: unknown): Language {
    return LANGUAGES.find((lang) => lang === value) ?? 'zh-CN';
}

/** The catalogue of `lang`. */
export function messagesFor(lang: Language): Messages {
    return CATALOGUES[lang];
}

/** Fills `{name}` placeholders of a catalogue template. */
export function format(template: string, values: Readonly<Record<string, string | number>>): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}
