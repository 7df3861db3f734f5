/**
 * The kiosk's update check (src/main/updates/kiosk-updater.ts; issue 16,
 * "Signed, staged updates"): every refusal the issue lists, the quiet-time
 * deferrals, and the hand-over when everything checks out. Real Ed25519
 * keys, real files in a temporary data folder; the source and installer
 * are fakes (update-fixtures.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KioskUpdater } from '../../../src/main/updates/kiosk-updater';
import { quietTime } from '../../../src/main/updates/quiet-time';
import { UpdateLedger } from '../../../src/main/updates/update-ledger';
import type { ServiceStatus } from '../../../src/shared/domain/calendar';
import { rolloutBucket } from '../../../src/shared/updates/rollout';
import { FakeInstaller, FakeSource, journalLines, release, releaseKey, signManifest } from './update-fixtures';

const key = releaseKey();
const KIOSK = 'KIOSK-STORE-01';

describe('KioskUpdater', () => {
  let dir: string;
  let folder: string;
  let source: FakeSource;
  let installer: FakeInstaller;
  let journal: ReturnType<typeof journalLines>;
  let session: { inSession: boolean; state: ServiceStatus['state']; allowDuringBusinessHours: boolean };
  let journalSchema: number;
  let stopped: string[];
  let ledger: UpdateLedger;

  const updater = (overrides: { publicKey?: typeof key.publicKey; runningVersion?: string; kioskId?: string } = {}) => new KioskUpdater({
    source, installer, ledger, record: journal.record, publicKey: overrides.publicKey ?? key.publicKey, kioskId: overrides.kioskId ?? KIOSK, channel: 'stable',
    runningVersion: overrides.runningVersion ?? '0.1.0', folder, journalSchema: () => journalSchema,
    quiet: () => quietTime({ inSession: session.inSession, status: { state: session.state }, allowDuringBusinessHours: session.allowDuringBusinessHours }),
    onHandedOver: (version) => { stopped.push(version); },
  });
  const offer = (r: ReturnType<typeof release>, signed = signManifest(r.manifest, key.privateKey)) => {
    source.manifest = signed;
    source.files.set(r.manifest.artefact.fileName, r.bytes);
  };
  const leftInFolder = () => (existsSync(folder) ? readdirSync(folder).filter((f) => f !== 'ledger.json') : []);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-updater-'));
    folder = join(dir, 'updates');
    source = new FakeSource();
    installer = new FakeInstaller();
    journal = journalLines();
    session = { inSession: false, state: 'closed', allowDuringBusinessHours: false };
    journalSchema = 1;
    stopped = [];
    ledger = new UpdateLedger({ folder, installer, record: journal.record, clock: { now: () => Date.parse('2026-12-02T15:00:00Z') }, maxStarts: 3 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('downloads a signed, newer release, checks it and hands it to the installer, journaling each step', async () => {
    const r = release('0.2.0');
    offer(r);
    expect(await updater().check()).toEqual({ step: 'handedOver', version: '0.2.0' });
    expect(journal.types()).toEqual(['update.available', 'update.downloaded', 'update.installing']);
    expect(installer.requests).toHaveLength(1);
    const request = installer.requests[0]!;
    expect(request).toMatchObject({ kind: 'update', version: '0.2.0', artefactPath: join(folder, r.manifest.artefact.fileName) });
    expect(request.manifestText.split('\n')[0]).toBe('contract-kiosk/update-manifest/v1');
    expect(createHash('sha256').update(readFileSync(request.artefactPath)).digest('hex')).toBe(r.manifest.artefact.sha256);
    expect(ledger.read().pending).toMatchObject({ artefact: { version: '0.2.0' }, fromVersion: '0.1.0', starts: 0, handedOverAt: '2026-12-02T15:00:00.000Z' });
    expect(stopped).toEqual(['0.2.0']);
    // Nothing secret or addressable in the journal: versions, channel, sizes.
    expect(JSON.stringify(journal.events)).not.toMatch(/BEGIN|http|signature/i);
  });

  it('refuses a manifest signed with another key (HQ\'s answer key, say): nothing downloaded or installed', async () => {
    const other = releaseKey();
    const r = release('0.2.0');
    offer(r, signManifest(r.manifest, other.privateKey));
    expect(await updater().check()).toEqual({ step: 'refused', reason: 'badSignature', version: null });
    expect(source.downloads).toBe(0);
    expect(installer.requests).toEqual([]);
    expect(journal.events).toEqual([{ type: 'update.refused', payload: { version: null, reason: 'badSignature' } }]);
  });

  it('refuses a manifest changed after signing (hash, rollout, schema, version: each field is signed)', async () => {
    const r = release('0.2.0', { rolloutPercent: 10 });
    const signed = signManifest(r.manifest, key.privateKey);
    const tamperings = [
      { ...signed.manifest, rolloutPercent: 100 },
      { ...signed.manifest, version: '0.3.0' },
      { ...signed.manifest, minJournalSchema: 5 },
      { ...signed.manifest, artefact: { ...signed.manifest.artefact, sha256: 'a'.repeat(64) } },
      { ...signed.manifest, artefact: { ...signed.manifest.artefact, fileName: 'other_0.2.0_amd64.deb' } },
    ];
    for (const manifest of tamperings) {
      offer(r, { manifest, signature: signed.signature });
      expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'badSignature' });
    }
    expect(source.downloads).toBe(0);
    offer(r, { manifest: signed.manifest, signature: `${signed.signature.slice(0, 10)}${signed.signature[10] === 'A' ? 'B' : 'A'}${signed.signature.slice(11)}` });
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'badSignature' });
    source.manifest = { manifest: signed.manifest };
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'malformedManifest' });
  });

  it('refuses a tampered artefact (same size, one byte changed) and leaves no file behind', async () => {
    const r = release('0.2.0');
    offer(r);
    const forged = Buffer.from(r.bytes);
    forged[1234] = forged[1234]! ^ 0xff;
    source.override = { bytes: forged, declaredLength: forged.length };
    expect(await updater().check()).toEqual({ step: 'refused', reason: 'hashMismatch', version: '0.2.0' });
    expect(installer.requests).toEqual([]);
    expect(leftInFolder()).toEqual([]);
    expect(journal.types()).toEqual(['update.available', 'update.refused']);
  });

  it('refuses a truncated download: a short body, or a connection that drops mid-body', async () => {
    const r = release('0.2.0');
    offer(r);
    source.override = { bytes: r.bytes.subarray(0, 200_000), declaredLength: null };
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'truncated' });
    source.override = { bytes: r.bytes, declaredLength: null, failAfter: 131_072 };
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'truncated' });
    expect(installer.requests).toEqual([]);
    expect(leftInFolder()).toEqual([]);
  });

  it('refuses an artefact whose announced or actual length is not the signed size', async () => {
    const r = release('0.2.0');
    offer(r);
    source.override = { bytes: r.bytes, declaredLength: r.bytes.length + 1 };
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'sizeMismatch' });
    source.override = { bytes: Buffer.concat([r.bytes, Buffer.alloc(10)]), declaredLength: null };
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'sizeMismatch' });
    expect(leftInFolder()).toEqual([]);
  });

  it('takes no downgrade or re-install: an older or equal signed release is ignored without a download', async () => {
    offer(release('0.1.0'));
    expect(await updater({ runningVersion: '0.1.0' }).check()).toEqual({ step: 'upToDate' });
    offer(release('0.9.9'));
    expect(await updater({ runningVersion: '0.10.0' }).check()).toEqual({ step: 'upToDate' });
    expect(source.downloads).toBe(0);
    expect(installer.requests).toEqual([]);
  });

  it('refuses a release when the journal on disk is newer than the schema it reads', async () => {
    offer(release('0.2.0', { minJournalSchema: 1 }));
    journalSchema = 2;
    expect(await updater().check()).toEqual({ step: 'refused', reason: 'journalSchemaTooNew', version: '0.2.0' });
    expect(source.downloads).toBe(0);
  });

  it('takes a release from a server that does not stage (a static one) only inside its own rollout bucket', async () => {
    const bucket = rolloutBucket(KIOSK);
    offer(release('0.2.0', { rolloutPercent: bucket }));
    expect(await updater().check()).toEqual({ step: 'upToDate' });
    expect(source.downloads).toBe(0);
    expect(journal.events).toEqual([]);
    offer(release('0.2.0', { rolloutPercent: bucket + 1 }));
    expect(await updater().check()).toMatchObject({ step: 'handedOver' });
  });

  it('refuses a release signed for another channel', async () => {
    offer(release('0.2.0', { channel: 'beta' }));
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'otherChannel' });
  });

  it('journals a refusal once, however often the same release is offered', async () => {
    const r = release('0.2.0');
    offer(r);
    source.override = { bytes: Buffer.alloc(r.bytes.length), declaredLength: null };
    const u = updater();
    for (let i = 0; i < 5; i += 1) expect(await u.check()).toMatchObject({ reason: 'hashMismatch' });
    expect(journal.types()).toEqual(['update.available', 'update.refused']);
  });

  it('defers mid-session and during business hours without asking the source', async () => {
    offer(release('0.2.0'));
    session.inSession = true;
    expect(await updater().check()).toEqual({ step: 'deferred', why: 'inSession' });
    session.inSession = false;
    session.state = 'open';
    expect(await updater().check()).toEqual({ step: 'deferred', why: 'businessHours' });
    expect(source.manifestRequests).toBe(0);
    // Configured to update while open: still never mid-session.
    session.allowDuringBusinessHours = true;
    session.inSession = true;
    expect(await updater().check()).toEqual({ step: 'deferred', why: 'inSession' });
    session.inSession = false;
    expect(await updater().check()).toMatchObject({ step: 'handedOver' });
  });

  it('maintenance counts as quiet; a session that starts during the download defers the install', async () => {
    const r = release('0.2.0');
    offer(r);
    session.state = 'maintenance';
    const realOpen = source.openArtefact.bind(source);
    source.openArtefact = async (name) => { session.inSession = true; return realOpen(name); };
    expect(await updater().check()).toEqual({ step: 'deferred', why: 'inSession' });
    expect(installer.requests).toEqual([]);
    expect(ledger.read().pending).toBeNull();
  });

  it('an installer that refuses the hand-over leaves nothing pending and is journaled', async () => {
    offer(release('0.2.0'));
    installer.refuse = true;
    expect(await updater().check()).toMatchObject({ step: 'refused', reason: 'installFailed' });
    expect(ledger.read().pending).toBeNull();
    expect(stopped).toEqual([]);
  });
});
