/**
 * The alerts' housekeeping (issue 17: alerts that reach someone), on a
 * timer of the HQ process, not only from requests: a fleet gone silent
 * sends HQ no request, and that is exactly when `silentKiosk` must fire.
 * Each tick:
 * - evaluates the rules once across every instance on the database
 *   (`onceAcrossInstances`, src/hq/housekeeping.ts: a try-lock and the last
 *   run's time), in one transaction with the alerts and their outbox rows;
 * - then, on every instance, posts the due outbox rows it can claim
 *   (leases in alert-webhook.ts: never the same alert from two instances).
 * Failures are logged and the next tick tries again.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../server-kit/db/db';
import type { AlertSettings } from '../config/alert-config';
import { onceAcrossInstances } from '../housekeeping';
import { evaluateAlertRules } from './alert-rules';
import { deliverDueAlerts } from './alert-webhook';

export const ALERT_RULES_JOB = 'alert-rules';

export interface AlertTickResult {
  /** Whether this instance ran the rules (another may have within the interval). */
  evaluated: boolean;
  raised: number[];
  delivered: number;
}

export class AlertJob {
  /** This instance's name on its outbox claims. */
  readonly owner = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: AlertSettings,
    private readonly clock: () => Date,
    private readonly log?: FastifyBaseLogger,
    private readonly random?: () => number,
  ) {}

  async tick(now: Date = this.clock()): Promise<AlertTickResult> {
    let raised: number[] = [];
    const evaluated = await onceAcrossInstances(this.db, ALERT_RULES_JOB, now, this.settings.intervalMs, async (tx) => {
      raised = await evaluateAlertRules(tx, now, this.settings.thresholds);
    });
    const delivered = this.settings.webhook
      ? await deliverDueAlerts(this.db, this.settings.webhook, now, { owner: this.owner, ...(this.random ? { random: this.random } : {}) })
      : 0;
    if (raised.length > 0 || delivered > 0) this.log?.info({ raised: raised.length, delivered }, 'fleet alerts');
    return { evaluated, raised, delivered };
  }

  /** Ticks every `intervalMs` (never two at once) until stop(); the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick().catch((error: unknown) => {
        this.log?.warn({ err: error instanceof Error ? error.message : String(error) }, 'fleet alert tick failed; the next tick tries again');
      }).finally(() => { this.running = null; });
    }, this.settings.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
