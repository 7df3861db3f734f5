/**
 * Fakes for the kiosk updater's ports (src/main/updates/ports.ts): a release
 * signed with a test update-signing key, an in-memory update source that can
 * lie about what it serves, an installer that records what it was handed,
 * and the journal lines the updater wrote.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { manifestSigningText, type SignedUpdateManifest, type UpdateManifest } from '../../../src/shared/updates/update-manifest';
import type { InstallerPort, InstallRequest, UpdateEvent, UpdateSource } from '../../../src/main/updates/ports';

export function releaseKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ed25519');
}

export function signManifest(manifest: UpdateManifest, privateKey: KeyObject): SignedUpdateManifest {
  return { manifest, signature: sign(null, Buffer.from(manifestSigningText(manifest), 'utf8'), privateKey).toString('base64') };
}

/** A pretend .deb of `size` bytes and the manifest naming it. */
export function release(version: string, options: Partial<UpdateManifest> & { size?: number } = {}): { manifest: UpdateManifest; bytes: Buffer } {
  const { size, ...fields } = options;
  const bytes = Buffer.alloc(size ?? 300_000);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + version.length) & 0xff;
  const manifest: UpdateManifest = {
    channel: 'stable',
    version,
    artefact: { fileName: `contract-kiosk_${version}_amd64.deb`, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    rolloutPercent: 100,
    minJournalSchema: 1,
    publishedAt: '2026-12-01T10:00:00Z',
    ...fields,
  };
  return { manifest, bytes };
}

export class FakeSource implements UpdateSource {
  manifest: unknown = null;
  readonly files = new Map<string, Buffer>();
  manifestRequests = 0;
  downloads = 0;
  /** Serve these bytes instead (a tampered or cut artefact), with this Content-Length (null: none). */
  override: { bytes: Buffer; declaredLength: number | null; failAfter?: number } | null = null;

  async fetchManifest() {
    this.manifestRequests += 1;
    return { ok: true as const, value: this.manifest };
  }

  async openArtefact(fileName: string) {
    this.downloads += 1;
    const stored = this.files.get(fileName);
    if (!stored) return { ok: false as const, error: 'HTTP 404' };
    const bytes = this.override?.bytes ?? stored;
    const failAfter = this.override?.failAfter;
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 65_536) {
        if (failAfter !== undefined && at >= failAfter) throw new Error('socket hang up');
        yield bytes.subarray(at, Math.min(bytes.length, at + 65_536));
      }
    }
    return { ok: true as const, value: { declaredLength: this.override ? this.override.declaredLength : bytes.length, body: chunks() } };
  }
}

export class FakeInstaller implements InstallerPort {
  readonly requests: InstallRequest[] = [];
  refuse = false;

  async install(request: InstallRequest) {
    this.requests.push(request);
    return this.refuse ? { ok: false as const, error: 'helper not installed' } : { ok: true as const };
  }
}

export function journalLines(): { events: UpdateEvent[]; record: (event: UpdateEvent) => void; types(): string[] } {
  const events: UpdateEvent[] = [];
  return { events, record: (event) => { events.push(event); }, types: () => events.map((e) => e.type) };
}
