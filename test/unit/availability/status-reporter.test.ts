/** What HQ's fleet view hears from the kiosk, and when (availability/status-reporter.ts). */
import { describe, expect, it } from 'vitest';
import { KioskStatusReport, type KioskStatusAck } from '../../../src/shared/hq-api/kiosk-status';
import { deviceHealth, StatusReporter } from '../../../src/main/availability/status-reporter';
import type { HqClientError } from '../../../src/main/hq-client/hq-client';

/** HQ's one answer for an unknown, disabled or revoked kiosk (src/hq/auth/kiosk-auth.ts). */
const KIOSK_REFUSED: HqClientError = { kind: 'http', status: 401, code: 'authenticationFailed', message: 'the request is not signed by an enrolled, enabled kiosk\'s key' };

function rig() {
  let state: 'online' | 'offline' = 'online';
  let accept = true;
  let error: HqClientError | undefined;
  let disk = 1_000_000;
  const sent: KioskStatusReport[] = [];
  const acks: KioskStatusAck[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  // The kiosk's clock: 10 s behind HQ's; each request takes 2 s.
  let now = Date.parse('2026-12-01T00:00:00Z');
  const reporter = new StatusReporter({
    current: () => ({ softwareVersion: '0.1.0', outOfService: state !== 'online', devices: deviceHealth({ cardReader: { state, detail: 'port closed' } }), diskFreeBytes: disk }),
    send: async (report) => {
      sent.push(report);
      if (hold) await new Promise<void>((resolve) => { release = resolve; });
      const serverTime = new Date(now + 10_000 + 1000).toISOString();
      now += 2000;
      return accept ? { ok: true, value: { accepted: true, serverTime } } : { ok: false, ...(error ? { error } : {}) };
    },
    onAck: (ack) => acks.push(ack),
    now: () => now,
  });
  return {
    reporter, sent, acks,
    setDisk: (bytes: number) => { disk = bytes; },
    set: (s: typeof state) => { state = s; },
    refuse: (r: boolean, answer?: HqClientError) => { accept = !r; error = answer; },
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

  it('sends on every exchange even when nothing changed, and says whether HQ took it', async () => {
    const r = rig();
    expect(await r.reporter.exchange()).toBe('answered');
    expect(await r.reporter.exchange()).toBe('answered');
    r.refuse(true);
    expect(await r.reporter.exchange()).toBe('unreachable');
    expect(r.sent).toHaveLength(3);
    expect(r.acks).toHaveLength(2);
  });

  it('tells HQ refusing this kiosk (401 authenticationFailed) apart from HQ not answering or refusing the request', async () => {
    const r = rig();
    r.refuse(true, KIOSK_REFUSED);
    expect(await r.reporter.exchange()).toBe('refused');
    // Another 401 is about the request (its clock, its nonce), not about whether HQ knows the kiosk.
    r.refuse(true, { ...KIOSK_REFUSED, code: 'staleTimestamp' });
    expect(await r.reporter.exchange()).toBe('unreachable');
    r.refuse(true, { kind: 'unreachable', detail: 'ECONNREFUSED' });
    expect(await r.reporter.exchange()).toBe('unreachable');
    r.refuse(true, KIOSK_REFUSED);
    expect(await r.reporter.exchange()).toBe('refused');
    r.refuse(false);
    expect(await r.reporter.exchange()).toBe('answered');
    expect(r.acks).toHaveLength(1);
  });

  it('carries the clock skew of the last ack (HQ minus the kiosk, at the request\'s midpoint) in the next report', async () => {
    const r = rig();
    expect(r.reporter.clockSkewMs).toBeUndefined();
    await r.reporter.exchange();
    expect(r.sent[0]!.clockSkewMs).toBeUndefined();
    expect(r.reporter.clockSkewMs).toBe(10_000);
    await r.reporter.exchange();
    expect(r.sent[1]!.clockSkewMs).toBe(10_000);
    expect(KioskStatusReport.safeParse(r.sent[1]).success).toBe(true);
  });

  it('does not send between intervals for readings that drift by themselves (free disk, skew)', async () => {
    const r = rig();
    await r.reporter.reportIfChanged();
    r.setDisk(999_000);
    await r.reporter.reportIfChanged();
    expect(r.sent).toHaveLength(1);
    await r.reporter.exchange();
    expect(r.sent.map((s) => s.diskFreeBytes)).toEqual([1_000_000, 999_000]);
  });

  it('an exchange asked for while a report is on its way is sent after it', async () => {
    const r = rig();
    r.hold(true);
    const first = r.reporter.reportIfChanged();
    await new Promise((resolve) => setImmediate(resolve));
    const exchanged = r.reporter.exchange();
    r.hold(false);
    r.release();
    expect(await exchanged).toBe('answered');
    await first;
    expect(r.sent).toHaveLength(2);
  });

  it('keeps long digit runs out of a device detail, as HQ requires', () => {
    const health = deviceHealth({ idScanner: { state: 'hardwareError', detail: `reader said 4000000000000051 ${'x'.repeat(300)}` } });
    expect(health.idScanner!.detail).toMatch(/^reader said … x+$/);
    expect(health.idScanner!.detail!.length).toBe(200);
    expect(KioskStatusReport.safeParse({ softwareVersion: '0.1.0', outOfService: true, devices: health }).success).toBe(true);
  });
});
