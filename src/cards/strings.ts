/**
 * Everything a user reads, in Dutch (default) and English (tables in strings/). Keys are grouped by where they
 * appear. `{name}` placeholders are filled by `t()`; values passed in are user or config text and are never
 * interpreted as templates.
 */
import type { Locale } from '../services/protocol';
import { en } from './strings/en';
import { nl } from './strings/nl';

type Key = keyof typeof nl;

export type StringKey = Key;
const TABLES: Record<Locale, Record<Key, string>> = { nl, en };

/**
 * Fills `{name}` with vars.name, and a count `{name:one|other}` with the number and the singular or plural
 * ("{count:oproep|oproepen}" → "1 oproep", "0 oproepen", "2 oproepen"), as both Dutch and English say them.
 */
export function t(locale: Locale, key: Key, vars: Record<string, string | number> = {}): string {
  const text = TABLES[locale][key];
  if (!text.includes('{')) return text; // most strings have no placeholder: no pattern to run
  return text
    .replace(/\{(\w+):([^|{}]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) =>
      name in vars ? `${vars[name]} ${Number(vars[name]) === 1 ? one : other}` : m,
    )
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The names of the counts a string takes (`{name:one|other}`), for the plural test. */
export function countsIn(text: string): string[] {
  return [...text.matchAll(/\{(\w+):[^|{}]*\|[^{}]*\}/g)].map((m) => m[1]);
}

/** Both tables hold the same keys (checked by a test), so a missing translation cannot ship. */
export function stringTables(): Record<Locale, Record<string, string>> {
  return TABLES;
}
