/** What tests search for PINs and card numbers (logs, journal rows, views, bundles). */
/** Random ids (sessions, HQ's request ids): digits in them are chance, never a PIN. */
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;

/**
 * Text to search for secrets: what was logged, journaled or shown, without
 * what a process adds by chance and whose digits could spell a 4-digit PIN
 * (a log time of 1795339135711 holds "1357"): log time, pid and host, every
 * number (uptimes, counters, disk space; a PIN never travels as a number,
 * it is a Buffer or a digit string), ISO times and random session ids.
 * Strings are kept whole, so a PIN or card number inside one is found.
 */
export function secretsScanText(...values: unknown[]): string {
  return JSON.stringify(values, (key, value: unknown) => {
    if (key === 'time' || key === 'pid' || key === 'hostname') return undefined;
    if (typeof value === 'number') return 0;
    if (typeof value === 'string') return value.replace(UUID, '<uuid>').replace(ISO_TIME, '<time>');
    return value;
  });
}
