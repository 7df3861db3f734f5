/**
 * The technician's health page of an unenrolled kiosk (issue 16): it shows
 * the kiosk key's fingerprint and that HQ refuses the kiosk; the
 * administrator enrols the kiosk with exactly those digits (one definition,
 * src/shared/hq-api/key-fingerprint.ts, on both sides), after which HQ
 * takes the kiosk and the page says so. The status exchange tells the same
 * refusal apart from HQ being away (status-reporter.ts), through enrolment,
 * disabling and enabling, which the kiosk's out-of-service screen follows
 * (availability-loop.ts). PGlite: the health page reads no
 * HQ table (the provisioning itself is tested on both stores in
 * kiosk-provisioning.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusReporter } from '../../../src/main/availability/status-reporter';
import { kioskKeyFingerprint, loadOrCreateKioskKey } from '../../../src/main/keys/kiosk-key';
import { TechnicianTools, type TechnicianToolsOptions } from '../../../src/main/technician/technician-tools';
import { KioskHealth } from '../../../src/shared/diagnostics/diagnostics-bundle';
import { startHarness, type HqHarness } from './hq-harness';

describe('an unenrolled kiosk\'s key fingerprint', () => {
  let hq: HqHarness;
  let dir: string;
  beforeAll(async () => {
    hq = await startHarness('pglite');
    dir = mkdtempSync(join(tmpdir(), 'kiosk-fingerprint-'));
  });
  afterAll(async () => {
    await hq?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is on the health page while HQ refuses the kiosk, and enrols it at HQ', async () => {
    const key = loadOrCreateKioskKey(join(dir, 'kiosk-ed25519.pem'));
    const kioskId = 'KIOSK-NEW-01';
    const client = hq.newClient(kioskId, key.privateKey);
    // Only what health() reads; the rest of the kiosk is not needed here.
    const tools = new TechnicianTools({
      kioskId, appVersion: '1.0.0', hq: client, keyFingerprint: await kioskKeyFingerprint(key.publicKey), dataDir: dir, clock: () => hq.clock.now,
      journal: { stats: () => ({ count: 0, headSeq: 0, ackedSeq: 0, pending: 0, oldestPendingAt: null, health: { state: 'ok' } }), recentOfTypes: () => [] },
      sync: () => null, availability: () => ({ available: false, reasons: ['hqUnreachable'] }), crashCounts: () => ({ processCrashes: 0, rendererFailures: 0 }),
    } as unknown as TechnicianToolsOptions);

    const before = KioskHealth.parse(await tools.health());
    expect(before.hq.refusesThisKiosk).toBe(true);
    const shown = before.hq.keyFingerprint!;
    expect(shown).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);

    // The administrator types what the technician read off the page, with the PEM from the kiosk.
    const enrolled = await fetch(`${hq.url}/admin/kiosks`, {
      method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kioskId, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: shown }),
    });
    expect(enrolled.status).toBe(201);
    expect(await enrolled.json()).toMatchObject({ fingerprint: shown });

    const after = KioskHealth.parse(await tools.health());
    expect(after.hq).toMatchObject({ reachable: true, refusesThisKiosk: false, keyFingerprint: shown });
  });

  it('is refused in the status exchange while not enrolled or disabled, which the availability loop shows as notEnrolled (issue 16)', async () => {
    const key = loadOrCreateKioskKey(join(dir, 'status-ed25519.pem'));
    const kioskId = 'KIOSK-NEW-02';
    const client = hq.newClient(kioskId, key.privateKey);
    const reporter = new StatusReporter({
      current: () => ({ softwareVersion: '1.0.0', outOfService: true, outOfServiceReasons: ['notEnrolled'], devices: {} }),
      send: (report) => client.reportStatus(report),
    });
    expect(await reporter.exchange()).toBe('refused');

    const admin = (path: string, body?: unknown) => fetch(`${hq.url}/admin/kiosks${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}),
    });
    const fingerprint = await kioskKeyFingerprint(key.publicKey);
    expect((await admin('', { kioskId, publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), fingerprint })).status).toBe(201);
    // The first report HQ takes still names the reason it was out for: HQ's schema knows it.
    expect(await reporter.exchange()).toBe('answered');
    expect((await admin(`/${kioskId}/disable`)).status).toBe(200);
    expect(await reporter.exchange()).toBe('refused');
    expect((await admin(`/${kioskId}/enable`)).status).toBe(200);
    expect(await reporter.exchange()).toBe('answered');
  });
});
