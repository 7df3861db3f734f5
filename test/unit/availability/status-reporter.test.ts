/** What HQ's fleet view hears from the kiosk, and when (service/status-reporter.ts). */
import { describe, expect, it } from 'vitest';
import { KioskStatusReport } from '../../../src/shared/hq-api/kiosk-status';
import { deviceHealth, StatusReporter } from '../../../src/main/availability/status-reporter';

function rig() {
  let state: 'online' | 'offline' = 'online';
  let accept = true;
  const sent: KioskStatusReport[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const reporter = new StatusReporter({
    current: () => ({ softwareVersion: '0.1.0', outOfService: state !== 'online', devices: deviceHealth({ cardReader: { state, detail: 'port closed' } }) }),
    send: async (report) => {
      sent.push(report);
      if (hold) await new Promise<void>((resolve) => { release = resolve; });
      return { ok: accept };
    },
  });
  return {
    reporter, sent,
    set: (s: typeof state) => { state = s; },
    refuse: (r: boolean) => { accept = !r; },
    hold: (h: boolean) => { hold = h; },
    release: () => release?.(),
  };
}

describe('StatusReporter', () => {
  it('sends a report once, and again only when it changes', async () => {
    const r = rig();
    await r.reporter.reportIfChanged();
    await r.reporter.reportIfChanged();
    r.set('offline');
    await r.reporter.reportIfChanged();
    expect(r.sent.map((s) => s.devices.cardReader)).toEqual([{ state: 'online' }, { state: 'offline', detail: 'port closed' }]);
    expect(r.sent.every((s) => KioskStatusReport.safeParse(s).success)).toBe(true);
  });

  it('sends again after HQ did not take it', async () => {
    const r = rig();
    r.refuse(true);
    await r.reporter.reportIfChanged();
    r.refuse(false);
    await r.reporter.reportIfChanged();
    await r.reporter.reportIfChanged();
    expect(r.sent).toHaveLength(2);
  });

  it('keeps one request in flight and sends the newest state after it', async () => {
    const r = rig();
    r.hold(true);
    const first = r.reporter.reportIfChanged();
    await new Promise((resolve) => setImmediate(resolve));
    r.set('offline');
    const second = r.reporter.reportIfChanged();
    r.hold(false);
    r.release();
    await Promise.all([first, second]);
    expect(r.sent.map((s) => s.devices.cardReader!.state)).toEqual(['online', 'offline']);
  });

  it('keeps long digit runs out of a device detail, as HQ requires', () => {
    const health = deviceHealth({ idScanner: { state: 'hardwareError', detail: `reader said 4000000000000051 ${'x'.repeat(300)}` } });
    expect(health.idScanner!.detail).toMatch(/^reader said … x+$/);
    expect(health.idScanner!.detail!.length).toBe(200);
    expect(KioskStatusReport.safeParse({ softwareVersion: '0.1.0', outOfService: true, devices: health }).success).toBe(true);
  });
});

describe('StatusReporter heartbeat (issue 17)', () => {
  it('sends an unchanged report again once resendAfterMs has passed since HQ took it, not before', async () => {
    let now = 0;
    const sent: KioskStatusReport[] = [];
    const reporter = new StatusReporter({
      current: () => ({ softwareVersion: '0.1.0', outOfService: false, devices: {} }),
      send: async (report) => { sent.push(report); return { ok: true }; },
      resendAfterMs: 300_000,
      now: () => now,
    });
    await reporter.reportIfChanged();
    now = 299_999;
    await reporter.reportIfChanged();
    expect(sent).toHaveLength(1);
    now = 300_000;
    await reporter.reportIfChanged();
    now = 300_001;
    await reporter.reportIfChanged();
    expect(sent).toHaveLength(2);
  });
});
