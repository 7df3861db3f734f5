import { isoDate } from '../calendar-date';

/**
 * Japanese era (元号) dates as printed on Japanese cards, to and from ISO
 * dates. An era's first year is 元年 (year 1). Start dates are the days each
 * era began (元号法 and the cabinet orders naming each era); an era ends the
 * day before the next begins.
 */
interface Era {
  name: '明治' | '大正' | '昭和' | '平成' | '令和';
  letter: 'M' | 'T' | 'S' | 'H' | 'R';
  start: string;
  /** Gregorian year of 元年 minus one. */
  offset: number;
}

const ERAS: readonly Era[] = [
  // Meiji began in 1868, but Japan kept the lunisolar calendar until 明治6年
  // (1873-01-01, 改暦ノ布告 of 明治5年): earlier Meiji dates cannot be
  // converted by arithmetic, so we read Meiji only from 1873.
  { name: '明治', letter: 'M', start: '1873-01-01', offset: 1867 },
  { name: '大正', letter: 'T', start: '1912-07-30', offset: 1911 },
  { name: '昭和', letter: 'S', start: '1926-12-25', offset: 1925 },
  { name: '平成', letter: 'H', start: '1989-01-08', offset: 1988 },
  { name: '令和', letter: 'R', start: '2019-05-01', offset: 2018 },
];

function nextStart(era: Era): string | undefined {
  return ERAS[ERAS.indexOf(era) + 1]?.start;
}

function eraNamed(text: string): Era | undefined {
  return ERAS.find((era) => era.name === text || era.letter === text);
}

export type EraDateResult = { ok: true; iso: string } | { ok: false; reason: 'notADate' | 'outsideEra' };

/**
 * One era date to ISO. The date must fall inside its era, with one
 * exception: cards issued before the name 令和 was announced (1 April 2019)
 * print expiry dates such as 平成33年 for 2021, and those stay valid
 * documents, so 平成 years run on past the era's end.
 */
export function eraDateToIso(eraText: string, year: number, month: number, day: number): EraDateResult {
  const era = eraNamed(eraText);
  if (!era || year < 1) return { ok: false, reason: 'notADate' };
  const iso = isoDate(era.offset + year, month, day);
  if (!iso) return { ok: false, reason: 'notADate' };
  const end = nextStart(era);
  if (iso < era.start) return { ok: false, reason: 'outsideEra' };
  if (end !== undefined && iso >= end && era.name !== '平成') return { ok: false, reason: 'outsideEra' };
  return { ok: true, iso };
}

/**
 * An era year alone (`令和7年分`, the year an income certificate covers) to
 * the Gregorian year: the year must touch the era (令和元年 is 2019 though
 * 令和 began in May). 平成 runs on, as for dates (eraDateToIso).
 */
export function eraYearToGregorian(eraText: string, year: number): number | undefined {
  const era = eraNamed(eraText);
  if (!era || !Number.isInteger(year) || year < 1) return undefined;
  const gregorian = era.offset + year;
  if (gregorian < Number(era.start.slice(0, 4))) return undefined;
  const end = nextStart(era);
  if (end !== undefined && gregorian > Number(end.slice(0, 4)) && era.name !== '平成') return undefined;
  return gregorian;
}

const ERA_DATE = /^(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/;
const ERA_LETTER_DATE = /^([MTSHR])(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{1,2})$/;
const GREGORIAN_KANJI = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const GREGORIAN = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
/** What cards print after a date: 生 (born), まで有効 (valid until), 交付 (issued). */
const DATE_SUFFIX = /(生|まで有効|まで|交付)$/;

/**
 * A date as the OCR record carries it (docs/id-document-record.md): an era
 * date (`昭和60年4月12日`, `令和元年5月1日`, `S60.04.12`) or a Gregorian one
 * (`1985-04-12`, `1985年4月12日`). The caller has already turned full-width
 * digits half-width; spaces inside the date are ignored.
 */
export function parseCardDate(text: string): EraDateResult {
  const compact = text.replace(/\s+/g, '').replace(DATE_SUFFIX, '');
  let match = ERA_DATE.exec(compact);
  if (match) {
    const year = match[2] === '元' ? 1 : Number(match[2]);
    return eraDateToIso(match[1]!, year, Number(match[3]), Number(match[4]));
  }
  match = ERA_LETTER_DATE.exec(compact);
  if (match) return eraDateToIso(match[1]!, Number(match[2]), Number(match[3]), Number(match[4]));
  match = GREGORIAN_KANJI.exec(compact) ?? GREGORIAN.exec(compact);
  if (match) {
    const iso = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    return iso ? { ok: true, iso } : { ok: false, reason: 'notADate' };
  }
  return { ok: false, reason: 'notADate' };
}

/** ISO date to the era form cards print, e.g. `令和元年05月01日`; Gregorian `YYYY年MM月DD日` before 1873. */
export function isoToEraDate(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const monthDay = `${iso.slice(5, 7)}月${iso.slice(8, 10)}日`;
  const era = [...ERAS].reverse().find((e) => iso >= e.start);
  if (!era) return `${iso.slice(0, 4)}年${monthDay}`;
  const eraYear = year - era.offset;
  return `${era.name}${eraYear === 1 ? '元' : String(eraYear).padStart(2, '0')}年${monthDay}`;
}
