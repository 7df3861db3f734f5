/**
 * How HQ's alert rules and webhook are configured (issue 17, "alerts that
 * reach someone"; docs/hq.md, "Alert rules and the webhook"). Every number
 * has a default; each can be set in the environment:
 *
 *   HQ_ALERT_SILENT_MINUTES        silentKiosk: no contact for longer (15)
 *   HQ_ALERT_DEVICE_FAULT_MINUTES  deviceFault: a device not online for longer (10)
 *   HQ_ALERT_JOURNAL_LAG_MINUTES   journalBacklog: journal events reach HQ this late (60)
 *   HQ_ALERT_INTERVAL_SECONDS      how often the rules run across all instances (60)
 *   HQ_ALERT_WEBHOOK_URL           where alerts are posted (none: shown in the console only)
 *   HQ_ALERT_WEBHOOK_SECRET        the HMAC key shared with the receiver, at least 32 characters,
 *                                  else the file `alert-webhook-secret` in the secrets folder
 *                                  (the convention of src/hq/keys/shared-secrets.ts: environment first, then file)
 * The identity-lock spike at one kiosk is HQ policy
 * (`kioskIdentityFailuresPerHourAlert`, src/hq/config/hq-policy.ts) and is raised
 * where the refusals are counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const ALERT_WEBHOOK_SECRET_FILE = 'alert-webhook-secret';

export const AlertThresholds = z.object({
  silentMinutes: z.number().int().min(1).max(7 * 24 * 60).default(15),
  deviceFaultMinutes: z.number().int().min(1).max(7 * 24 * 60).default(10),
  journalLagMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60),
}).strict();
export type AlertThresholds = z.infer<typeof AlertThresholds>;
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = AlertThresholds.parse({});

export const AlertWebhookConfig = z.object({
  url: z.string().url().refine((u) => /^https?:$/.test(new URL(u).protocol), 'the webhook URL must be http or https'),
  secret: z.string().min(32, 'the webhook secret must hold at least 32 characters'),
}).strict();
export type AlertWebhookConfig = z.infer<typeof AlertWebhookConfig>;

export interface AlertSettings {
  thresholds: AlertThresholds;
  /** How often the rules run across every instance, and how often each instance tries due deliveries. */
  intervalMs: number;
  webhook: AlertWebhookConfig | null;
}

const ENV = {
  silentMinutes: 'HQ_ALERT_SILENT_MINUTES',
  deviceFaultMinutes: 'HQ_ALERT_DEVICE_FAULT_MINUTES',
  journalLagMinutes: 'HQ_ALERT_JOURNAL_LAG_MINUTES',
} as const;

function whole(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw new Error(`${name}=${text}: expected a whole number`);
  return Number(text);
}

/** The settings from the environment (and the secrets folder for the webhook secret); a bad value stops HQ naming the variable. */
export function alertSettingsFromEnv(env: NodeJS.ProcessEnv, secretsDir?: string): AlertSettings {
  const raw: Record<string, number> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = whole(env, name);
    if (value !== undefined) raw[key] = value;
  }
  const thresholds = AlertThresholds.safeParse(raw);
  if (!thresholds.success) {
    throw new Error(`alert thresholds: ${thresholds.error.issues.map((i) => `${ENV[i.path[0] as keyof typeof ENV] ?? String(i.path[0])}: ${i.message}`).join('; ')}`);
  }
  const intervalSeconds = whole(env, 'HQ_ALERT_INTERVAL_SECONDS') ?? 60;
  if (intervalSeconds < 5 || intervalSeconds > 3600) throw new Error(`HQ_ALERT_INTERVAL_SECONDS=${intervalSeconds}: between 5 and 3600`);
  return { thresholds: thresholds.data, intervalMs: intervalSeconds * 1000, webhook: webhookFromEnv(env, secretsDir) };
}

function webhookFromEnv(env: NodeJS.ProcessEnv, secretsDir?: string): AlertWebhookConfig | null {
  const url = env.HQ_ALERT_WEBHOOK_URL || undefined;
  if (!url) return null;
  const file = secretsDir ? join(secretsDir, ALERT_WEBHOOK_SECRET_FILE) : undefined;
  const secret = env.HQ_ALERT_WEBHOOK_SECRET || (file && existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
  if (!secret) throw new Error(`HQ_ALERT_WEBHOOK_URL is set but no secret: set HQ_ALERT_WEBHOOK_SECRET${file ? ` or write ${file}` : ''} (at least 32 characters)`);
  const parsed = AlertWebhookConfig.safeParse({ url, secret });
  // Never the secret's value in the message.
  if (!parsed.success) throw new Error(`alert webhook: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
