/**
 * The alert settings from the environment (docs/hq.md, "Alert rules and the
 * webhook"): defaults, each threshold, the webhook secret from the
 * environment or the secrets folder, and a clear refusal for each bad value
 * that never repeats the secret.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALERT_WEBHOOK_SECRET_FILE, alertSettingsFromEnv } from '../../../src/hq/config/alert-config';

const dir = mkdtempSync(join(tmpdir(), 'alert-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alertSettingsFromEnv', () => {
  it('has documented defaults and no webhook', () => {
    expect(alertSettingsFromEnv({})).toEqual({ thresholds: { silentMinutes: 15, deviceFaultMinutes: 10, journalLagMinutes: 60 }, intervalMs: 60_000, webhook: null });
  });

  it('reads each threshold and the interval', () => {
    expect(alertSettingsFromEnv({
      HQ_ALERT_SILENT_MINUTES: '30', HQ_ALERT_DEVICE_FAULT_MINUTES: '5', HQ_ALERT_JOURNAL_LAG_MINUTES: '120', HQ_ALERT_INTERVAL_SECONDS: '15',
    })).toMatchObject({ thresholds: { silentMinutes: 30, deviceFaultMinutes: 5, journalLagMinutes: 120 }, intervalMs: 15_000 });
  });

  it.each([
    [{ HQ_ALERT_SILENT_MINUTES: 'soon' }, /HQ_ALERT_SILENT_MINUTES=soon: expected a whole number/],
    [{ HQ_ALERT_DEVICE_FAULT_MINUTES: '0' }, /HQ_ALERT_DEVICE_FAULT_MINUTES/],
    [{ HQ_ALERT_INTERVAL_SECONDS: '1' }, /HQ_ALERT_INTERVAL_SECONDS=1: between 5 and 3600/],
    [{ HQ_ALERT_WEBHOOK_URL: 'https://hooks.example/hq' }, /no secret: set HQ_ALERT_WEBHOOK_SECRET/],
    [{ HQ_ALERT_WEBHOOK_URL: 'ftp://hooks.example/hq', HQ_ALERT_WEBHOOK_SECRET: 's'.repeat(40) }, /http or https/],
  ])('refuses %o', (env, message) => {
    expect(() => alertSettingsFromEnv(env)).toThrow(message);
  });

  it('refuses a short secret without repeating it', () => {
    let message = '';
    try { alertSettingsFromEnv({ HQ_ALERT_WEBHOOK_URL: 'https://hooks.example/hq', HQ_ALERT_WEBHOOK_SECRET: 'tooShortSecret' }); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/at least 32 characters/);
    expect(message).not.toContain('tooShortSecret');
  });

  it('takes the secret from the environment first, else from the secrets folder', () => {
    writeFileSync(join(dir, ALERT_WEBHOOK_SECRET_FILE), `${'f'.repeat(40)}\n`);
    expect(alertSettingsFromEnv({ HQ_ALERT_WEBHOOK_URL: 'https://hooks.example/hq' }, dir).webhook).toEqual({ url: 'https://hooks.example/hq', secret: 'f'.repeat(40) });
    expect(alertSettingsFromEnv({ HQ_ALERT_WEBHOOK_URL: 'https://hooks.example/hq', HQ_ALERT_WEBHOOK_SECRET: 'e'.repeat(40) }, dir).webhook?.secret).toBe('e'.repeat(40));
  });
});
