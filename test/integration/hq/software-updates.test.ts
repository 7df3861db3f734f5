/**
 * Signed, staged updates through a real HQ (issue 16; src/hq/updates,
 * src/main/updates) on PGlite and PostgreSQL: HQ refuses a manifest not
 * signed with the update-signing key it is configured with (its own answer
 * key included) and an artefact that is not the signed one; a kiosk gets
 * the release only when its rollout bucket is inside the signed percentage,
 * downloads it over its signed link (Content-Length, streamed) and its
 * updater verifies and hands it to the (fake) installer.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqUpdateSource } from '../../../src/main/updates/hq-update-source';
import { KioskUpdater } from '../../../src/main/updates/kiosk-updater';
import { UpdateLedger } from '../../../src/main/updates/update-ledger';
import { rolloutBucket } from '../../../src/shared/updates/rollout';
import type { SignedUpdateManifest } from '../../../src/shared/updates/update-manifest';
import { FakeInstaller, journalLines, release, releaseKey, signManifest } from '../../unit/updates/update-fixtures';
import { startHarness, STORES, type HqHarness } from './hq-harness';

const key = releaseKey();

describe.each(STORES)('software updates on %s', (kind) => {
  let hq: HqHarness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hq-updates-'));
    hq = await startHarness(kind, { app: { updates: { publicKeyPem: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), artefactDir: join(dir, 'artefacts') } } });
  });
  afterAll(async () => {
    await hq.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (method: string, path: string, body?: unknown, type = 'application/json') => fetch(`${hq.url}${path}`, {
    method, headers: { authorization: `Bearer ${hq.adminToken}`, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) }),
  });
  const publish = (signed: SignedUpdateManifest) => admin('POST', '/admin/updates/releases', signed);
  const upload = (fileName: string, bytes: Buffer) => admin('PUT', `/admin/updates/artefacts/${fileName}`, bytes, 'application/octet-stream');
  const sourceFor = (kioskId: string, privateKey: Parameters<typeof hqUpdateSource>[0]['privateKey']) => hqUpdateSource({
    baseUrl: hq.url, kioskId, privateKey, fetch, now: () => hq.clock.now, timeoutMs: 5000, downloadTimeoutMs: 30_000,
  });
  /** Enrolled kiosks until one with a bucket inside (or outside) the percentage. */
  async function kioskWhere(inside: (bucket: number) => boolean) {
    for (;;) {
      const kiosk = await hq.enrollKiosk();
      if (inside(rolloutBucket(kiosk.kioskId))) return kiosk;
    }
  }

  it('refuses a manifest signed with another key (HQ\'s own receipt key too) or changed after signing', async () => {
    const r = release('1.0.0', { channel: 'refusals' });
    expect((await publish(signManifest(r.manifest, releaseKey().privateKey))).status).toBe(400);
    expect((await publish(signManifest(r.manifest, hq.secrets.keys.receiptPrivateKey))).status).toBe(400);
    const signed = signManifest(r.manifest, key.privateKey);
    const tampered = await publish({ ...signed, manifest: { ...signed.manifest, rolloutPercent: 50 } });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ code: 'malformedRequest', message: expect.stringMatching(/update-signing key/) });
    expect((await (await admin('GET', '/admin/updates/releases')).json()).releases).toEqual([]);
    const noToken = await fetch(`${hq.url}/admin/updates/releases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(signed) });
    expect(noToken.status).toBe(401);
  });

  it('stores only the artefact the manifest signs: not before its manifest, not tampered, not cut, not longer', async () => {
    const r = release('1.0.0', { channel: 'artefacts' });
    expect((await upload(r.manifest.artefact.fileName, r.bytes)).status).toBe(404);
    expect((await publish(signManifest(r.manifest, key.privateKey))).status).toBe(201);
    const forged = Buffer.from(r.bytes);
    forged[10] = forged[10]! ^ 1;
    for (const bytes of [forged, r.bytes.subarray(0, 1000), Buffer.concat([r.bytes, Buffer.alloc(1)])]) {
      const refused = await upload(r.manifest.artefact.fileName, bytes);
      expect(refused.status).toBe(400);
    }
    expect((await upload(r.manifest.artefact.fileName, r.bytes.subarray(0, 10))).status).toBe(400);
    expect((await admin('PUT', `/admin/updates/artefacts/${r.manifest.artefact.fileName}`, r.bytes, 'text/plain')).status).toBe(415);
    expect((await (await admin('GET', '/admin/updates/releases')).json()).releases).toEqual([{ channel: 'artefacts', version: '1.0.0', rolloutPercent: 100, artefactStored: false }]);
    const stored = await upload(r.manifest.artefact.fileName, r.bytes);
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ sha256: r.manifest.artefact.sha256, releases: [{ version: '1.0.0', artefactStored: true }] });
    expect(readdirArtefacts()).toEqual([`${r.manifest.artefact.sha256}.artefact`]);
    const log = await hq.db.query<{ outcome: string }>("SELECT outcome FROM operation_log WHERE operation = 'softwareRelease' ORDER BY entry_id");
    expect(log.rows.map((row) => row.outcome)).toEqual(['published', 'artefactStored']);
  });

  function readdirArtefacts(): string[] {
    return readdirSync(join(dir, 'artefacts')).filter((f) => !f.startsWith('.'));
  }

  it('rolls out to the kiosks whose bucket is inside the signed percentage; a later manifest widens it; an older one cannot be replayed', async () => {
    const r = release('2.0.0', { channel: 'staged', rolloutPercent: 30 });
    const first = signManifest(r.manifest, key.privateKey);
    expect((await publish(first)).status).toBe(201);
    expect((await upload(r.manifest.artefact.fileName, r.bytes)).status).toBe(200);
    const inside = await kioskWhere((b) => b < 30);
    const outside = await kioskWhere((b) => b >= 30 && b < 80);
    const manifestOf = async (kiosk: typeof inside) => sourceFor(kiosk.kioskId, kiosk.key).fetchManifest('staged');
    expect(await manifestOf(inside)).toEqual({ ok: true, value: first });
    expect(await manifestOf(outside)).toEqual({ ok: true, value: null });
    // The same kiosk, asked again: the same answer (its bucket is fixed).
    expect(await manifestOf(outside)).toEqual({ ok: true, value: null });

    const widened = signManifest({ ...r.manifest, rolloutPercent: 80, publishedAt: '2026-12-02T10:00:00Z' }, key.privateKey);
    expect((await publish(widened)).status).toBe(201);
    expect(await manifestOf(outside)).toEqual({ ok: true, value: widened });
    expect(await manifestOf(inside)).toEqual({ ok: true, value: widened });
    const replay = await publish(first);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ message: expect.stringMatching(/already has a manifest published at or after/) });
    expect((await (await admin('GET', '/admin/updates/releases')).json()).releases).toContainEqual({ channel: 'staged', version: '2.0.0', rolloutPercent: 80, artefactStored: true });
    // A version names one artefact forever.
    const other = release('2.0.0', { channel: 'staged', size: 1000, publishedAt: '2026-12-03T10:00:00Z' });
    const otherArtefact = await publish(signManifest({ ...other.manifest, artefact: { ...other.manifest.artefact, fileName: 'contract-kiosk_2.0.0b_amd64.deb' } }, key.privateKey));
    expect(otherArtefact.status).toBe(400);
    expect(await otherArtefact.json()).toMatchObject({ message: expect.stringMatching(/a version names one artefact/) });
    // And a file name one artefact: another version may not reuse it for other bytes.
    const reused = release('2.0.1', { channel: 'staged', size: 1000 });
    const renamed = { ...reused.manifest, artefact: { ...reused.manifest.artefact, fileName: r.manifest.artefact.fileName } };
    const clash = await publish(signManifest(renamed, key.privateKey));
    expect(clash.status).toBe(400);
    expect(await clash.json()).toMatchObject({ message: expect.stringMatching(/already names another artefact/) });
  });

  it('a kiosk downloads the artefact over its signed link and its updater hands it to the installer', async () => {
    const r = release('3.0.0', { channel: 'e2e' });
    expect((await publish(signManifest(r.manifest, key.privateKey))).status).toBe(201);
    expect((await upload(r.manifest.artefact.fileName, r.bytes)).status).toBe(200);
    const source = sourceFor(hq.kioskId, hq.kioskKey);
    const opened = await source.openArtefact(r.manifest.artefact.fileName);
    expect(opened).toMatchObject({ ok: true, value: { declaredLength: r.bytes.length } });
    if (opened.ok) for await (const chunk of opened.value.body) void chunk;
    // Unauthenticated: refused before anything is streamed.
    expect((await fetch(`${hq.url}/v1/updates/artefacts/${r.manifest.artefact.fileName}`)).status).toBe(401);
    expect(await source.openArtefact('contract-kiosk_9.9.9_amd64.deb')).toEqual({ ok: false, error: 'HTTP 404' });

    const folder = join(dir, 'kiosk-data', 'updates');
    const installer = new FakeInstaller();
    const journal = journalLines();
    const updater = new KioskUpdater({
      source, installer, record: journal.record, publicKey: key.publicKey, kioskId: hq.kioskId, channel: 'e2e', runningVersion: '2.9.0', folder,
      ledger: new UpdateLedger({ folder, installer, record: journal.record, clock: { now: () => hq.clock.now.getTime() }, maxStarts: 3 }),
      journalSchema: () => 1, quiet: () => ({ quiet: true }), onHandedOver: () => undefined,
    });
    expect(await updater.check()).toEqual({ step: 'handedOver', version: '3.0.0' });
    expect(createHash('sha256').update(readFileSync(installer.requests[0]!.artefactPath)).digest('hex')).toBe(r.manifest.artefact.sha256);
    expect(journal.types()).toEqual(['update.available', 'update.downloaded', 'update.installing']);
  });
});
