/**
 * HQ's metrics in the Prometheus text format (prom-client; issue 19, "Metrics
 * and health"). One registry per app (tests build several in one process),
 * never the library's global one. Labels are closed sets (route templates,
 * outcome codes, status codes), never a kiosk id or anything a client
 * chooses, so the series count stays bounded whatever the fleet size.
 * Names follow the Prometheus naming guide (base units: seconds; `_total`
 * on counters).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStats } from '../../server-kit/db/db';
import { pinHashGate } from '../pin/pin-hash-gate';

/** Buckets for interactive latency around the 300 ms card-authentication goal (issue 19). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 5, 10, 50, 100, 500, 1000, 2500, 5000];

export interface HqMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  kioskRequestAuth: Counter<'result'>;
  cardAuthentications: Counter<'outcome'>;
  ingestRows: Counter;
  ingestBatchSize: Histogram<'outcome'>;
  loadShed: Counter<'budget'>;
  budgetInFlight: Gauge<'budget'>;
  budgetQueued: Gauge<'budget'>;
}

export function createHqMetrics(options: { poolStats?: () => PoolStats | null } = {}): HqMetrics {
  const registry = new Registry();
  // Process CPU, memory, GC and event-loop delay (nodejs_eventloop_lag_*_seconds from perf_hooks).
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  const registers = [registry];
  const metrics: HqMetrics = {
    registry,
    httpDuration: new Histogram({
      name: 'hq_http_request_duration_seconds', help: 'HTTP request latency by route template and status', labelNames: ['method', 'route', 'status_code'], buckets: LATENCY_BUCKETS, registers,
    }),
    kioskRequestAuth: new Counter({
      name: 'hq_kiosk_request_authentications_total', help: 'Signed kiosk requests by authentication result (ok or the refusal code)', labelNames: ['result'], registers,
    }),
    cardAuthentications: new Counter({
      name: 'hq_card_authentications_total', help: 'Card authentications by outcome (ok, wrongPin, locked, ... or a refusal code)', labelNames: ['outcome'], registers,
    }),
    ingestRows: new Counter({ name: 'hq_journal_ingest_rows_total', help: 'Journal rows inserted from kiosk batches', registers }),
    ingestBatchSize: new Histogram({
      name: 'hq_journal_ingest_batch_events', help: 'Events per journal batch received, by outcome', labelNames: ['outcome'], buckets: BATCH_BUCKETS, registers,
    }),
    loadShed: new Counter({ name: 'hq_load_shed_total', help: 'Requests refused (429) because their concurrency budget was full', labelNames: ['budget'], registers }),
    budgetInFlight: new Gauge({ name: 'hq_budget_in_flight', help: 'Requests in flight per concurrency budget', labelNames: ['budget'], registers }),
    budgetQueued: new Gauge({ name: 'hq_budget_queued', help: 'Requests waiting for a slot of their concurrency budget', labelNames: ['budget'], registers }),
  };
  new Gauge({
    name: 'hq_pin_hashes', help: 'PIN hashes running and queued at the admission gate (src/hq/pin/pin-hash-gate.ts)', labelNames: ['state'], registers,
    collect() {
      const stats = pinHashGate.stats();
      this.set({ state: 'running' }, stats.running);
      this.set({ state: 'queued' }, stats.queued);
    },
  });
  const poolStats = options.poolStats;
  if (poolStats) {
    new Gauge({
      name: 'hq_db_pool_connections', help: 'Database pool connections by state (total, idle, waiting clients)', labelNames: ['pool', 'state'], registers,
      collect() {
        const stats = poolStats();
        if (!stats) return;
        for (const [pool, s] of Object.entries(stats)) {
          this.set({ pool, state: 'total' }, s.total);
          this.set({ pool, state: 'idle' }, s.idle);
          this.set({ pool, state: 'waiting' }, s.waiting);
        }
      },
    });
  }
  return metrics;
}

/** Counts what the kiosk routes answered: card-authentication outcomes, journal rows and batch sizes. */
export function observeKioskOutcome(metrics: HqMetrics, route: string, body: unknown, outcome: { ok: true; value: unknown } | { ok: false; code: string }): void {
  if (route === 'authenticateCard') {
    metrics.cardAuthentications.inc({ outcome: outcome.ok ? String((outcome.value as { outcome?: unknown }).outcome ?? 'unknown') : outcome.code });
  } else if (route === 'pushJournalBatch' && outcome.ok) {
    const answer = outcome.value as { outcome: string; inserted?: number };
    const events = (body as { events?: unknown[] } | undefined)?.events?.length ?? 0;
    metrics.ingestBatchSize.observe({ outcome: answer.outcome }, events);
    if (answer.outcome === 'accepted') metrics.ingestRows.inc(answer.inserted ?? 0);
  }
}
