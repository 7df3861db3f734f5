/**
 * `npm run hq -- keys pvv-usage`: how many cards hold each stored PIN form
 * (scrypt, or a PVV under each key id; pin-hash.ts), so an operator knows
 * when a retired PVV key names no value any more and can be dropped from
 * the key file (pin-verification-keys.ts). Counts only: never a value.
 */
import type { Queryable } from '../../server-kit/db/db';

export async function pinHashUsage(q: Queryable): Promise<Record<string, number>> {
  const { rows } = await q.query<{ scheme: string; cards: string | number }>(
    `SELECT CASE WHEN pin_hash LIKE 'pvv$1$%' THEN 'pvv:' || split_part(pin_hash, '$', 3)
                 WHEN pin_hash LIKE 'scrypt$%' THEN 'scrypt' ELSE 'malformed' END AS scheme, count(*) AS cards
       FROM cards GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(rows.map((row) => [row.scheme, Number(row.cards)]));
}
