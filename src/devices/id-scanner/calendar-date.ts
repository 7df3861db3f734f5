/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, which compare correctly as
 * strings. "Today" is the date in Asia/Tokyo whatever the machine's clock
 * zone (DOMAIN.md, "Hours and maintenance"): a document that expires on the
 * 12th is still valid at 23:30 JST on the 12th.
 */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000; // JST is UTC+9 with no daylight saving.

export function tokyoIsoDate(instant: Date): string {
  return new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` when year/month/day name a real Gregorian day, else undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0..99 to 1900..1999
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parseYymmdd(yymmdd: string): { yy: number; mm: number; dd: number } | undefined {
  if (!/^[0-9]{6}$/.test(yymmdd)) return undefined;
  return { yy: Number(yymmdd.slice(0, 2)), mm: Number(yymmdd.slice(2, 4)), dd: Number(yymmdd.slice(4, 6)) };
}

/**
 * MRZ date of birth (YYMMDD, ICAO 9303 Part 4): the latest century that puts
 * the date on or before today. Nobody scanning a document is born tomorrow.
 */
export function inferBirthDate(yymmdd: string, todayIso: string): string | undefined {
  const parts = parseYymmdd(yymmdd);
  if (!parts) return undefined;
  const todayYear = Number(todayIso.slice(0, 4));
  const century = Math.floor(todayYear / 100) * 100;
  let year = century + parts.yy;
  // Compare month-day within the candidate year without building an invalid date first.
  const candidate = `${String(year).padStart(4, '0')}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  if (candidate > todayIso) year -= 100;
  return isoDate(year, parts.mm, parts.dd);
}

/**
 * MRZ date of expiry: documents run ten years at most, so the two-digit year
 * is read in a window from 49 years before this year to 50 years after. That
 * keeps an expired document in the past (so it reads as expired, not as
 * valid for another century) and a current one in the future.
 */
export function inferExpiryDate(yymmdd: string, todayIso: string): string | undefined {
  const parts = parseYymmdd(yymmdd);
  if (!parts) return undefined;
  const todayYear = Number(todayIso.slice(0, 4));
  let year = Math.floor(todayYear / 100) * 100 + parts.yy;
  if (year > todayYear + 50) year -= 100;
  else if (year < todayYear - 49) year += 100;
  return isoDate(year, parts.mm, parts.dd);
}

/** ISO date to the MRZ's YYMMDD. */
export function toYymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}
