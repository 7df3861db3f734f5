/**
 * The console's per-kiosk history page (issue 17): a steady kiosk's 8 days
 * of status reports (one row every 10 minutes, as src/hq/fleet/status-history.ts
 * keeps them, with issue 19's sync backlog in each), read through the
 * (kiosk, time) index and drawn as the page's five SVG charts, against a
 * plain read of the same rows as JSON: the ratio is what the history's
 * arithmetic, the charts and the HTML cost over reading the rows. In-process
 * (no HTTP: the console's HTTP cost is the fleet page's row in hq.bench.ts),
 * PGlite in memory, behind a fleet of 5,000 kiosks each with its own
 * history, so the index has to find one kiosk among many.
 */
import { openDb } from '../src/server-kit/db/open-db';
import { migrate } from '../src/hq/db/migrate';
import { renderKioskPage } from '../src/hq/console/kiosk-page';
import { readKioskHistory } from '../src/hq/fleet/kiosk-history';
import type { BenchSuite } from './bench-result';
import { elapsedMs, interleaved, ratioRow } from './interleaved';

const FLEET = 5_000;
/** 8 days at one row every 10 minutes. */
const ROWS_PER_KIOSK = 8 * 144;
/** The other kiosks' rows: a day each, half a day each: a table of 60,000 other rows, seeded in seconds. */
const OTHER_ROWS_PER_KIOSK = 12;
const ROUNDS = 10;
const PAGES_PER_ROUND = 5;
const KIOSK = 'KIOSK-HIST-0001';

const suite: BenchSuite = {
  name: 'consoleHistory',
  async run() {
    const db = await openDb({});
    try {
      await migrate(db);
      await db.query(`INSERT INTO kiosks (kiosk_id, public_key) SELECT 'KIOSK-HIST-' || lpad(n::text, 4, '0'), 'not used' FROM generate_series(1, $1::int) AS n`, [FLEET]);
      const report = (n: string) => `jsonb_build_object('softwareVersion', '0.1.0', 'outOfService', ${n} % 37 = 0,
        'devices', jsonb_build_object('cardReader', jsonb_build_object('state', CASE WHEN ${n} % 53 = 0 THEN 'hardwareError' ELSE 'online' END)),
        'syncBacklog', jsonb_build_object('pending', ${n} % 17, 'lagSeconds', ${n} % 29))`;
      await db.query(`INSERT INTO kiosk_status_history (kiosk_id, received_at, report)
        SELECT 'KIOSK-HIST-' || lpad(k::text, 4, '0'), now() - make_interval(mins => n * 60), ${report('n')}
        FROM generate_series(2, $1::int) AS k, generate_series(0, $2::int) AS n`, [FLEET, OTHER_ROWS_PER_KIOSK - 1]);
      await db.query(`INSERT INTO kiosk_status_history (kiosk_id, received_at, report)
        SELECT $1, now() - make_interval(mins => n * 10), ${report('n')} FROM generate_series(0, $2::int) AS n`, [KIOSK, ROWS_PER_KIOSK - 1]);
      const viewer = { operatorId: 1, displayName: 'Bench', role: 'viewer' as const, csrfToken: 'x' };
      let shown = 0;
      const page = await interleaved({
        rounds: ROUNDS,
        higherIsBetter: false,
        measured: async () => (await elapsedMs(async () => {
          for (let i = 0; i < PAGES_PER_ROUND; i++) {
            const now = new Date();
            const history = await readKioskHistory(db, KIOSK, now);
            shown = history.rows;
            renderKioskPage({ at: now.toISOString(), kiosk: { kioskId: KIOSK, enabled: true, softwareVersion: '0.1.0', lastContactAt: null, outOfService: false }, history, bundles: [], openRequest: null, viewer });
          }
        })) / PAGES_PER_ROUND,
        baseline: async () => (await elapsedMs(async () => {
          for (let i = 0; i < PAGES_PER_ROUND; i++) {
            const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
            JSON.stringify((await db.query('SELECT received_at, report FROM kiosk_status_history WHERE kiosk_id = $1 AND received_at >= $2 ORDER BY received_at', [KIOSK, from])).rows);
          }
        })) / PAGES_PER_ROUND,
      });
      if (shown < 1000) throw new Error(`the history page read ${shown} rows`);
      return [ratioRow(`consoleHistory.kiosk history page, ${shown} status rows, 5 SVG charts, ${FLEET} kiosks (baseline: the same rows read as JSON)`, 'ms', page)];
    } finally {
      await db.close();
    }
  },
};

export default suite;
