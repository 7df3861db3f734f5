/**
 * HQ's side of signed, staged updates (issue 16): HQ stores and serves what
 * the release team signed; it cannot sign a release itself. A manifest is
 * accepted only if its Ed25519 signature (RFC 8032) verifies with the
 * update-signing public key HQ is configured with (HQ_UPDATES_PUBLIC_KEY_FILE);
 * its artefact only if its size and SHA-256 are the ones that manifest signs.
 * Artefacts live in HQ's updates folder under their SHA-256, never under a
 * name a client chose.
 *
 * Re-publishing a version is how a rollout widens, halts (0 %) or resumes:
 * the same artefact, a later `publishedAt`, a new signature. An older
 * signed manifest cannot be replayed over a newer one, and a version or a
 * file name never names a second artefact.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../server-kit/db/db';
import { inRollout } from '../../shared/updates/rollout';
import { compareVersions, manifestSigningText, type SignedUpdateManifest } from '../../shared/updates/update-manifest';
import type { PublishedRelease } from '../../shared/updates/update-api';
import { logActorOperation, type Actor } from '../operation-log';
import { refuse, type Outcome } from '../context';

export interface HqUpdatesSettings {
  /** The release team's update-signing public key (PEM, Ed25519). Not one of HQ's keys. */
  publicKeyPem: string;
  /** Where artefacts are stored; shared storage when several HQ instances serve kiosks (docs/deploy.md). */
  artefactDir: string;
}

interface ReleaseRow {
  channel: string;
  version: string;
  file_name: string;
  size_bytes: string | number;
  sha256: string;
  rollout_percent: number;
  min_journal_schema: number;
  published_at: Date | string;
  signature: string;
  artefact_stored_at: Date | string | null;
}

/** Second precision with `Z`, as the manifest's publishedAt is signed. */
function isoSeconds(value: Date | string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function toSigned(row: ReleaseRow): SignedUpdateManifest {
  return {
    manifest: {
      channel: row.channel,
      version: row.version,
      artefact: { fileName: row.file_name, size: Number(row.size_bytes), sha256: row.sha256 },
      rolloutPercent: row.rollout_percent,
      minJournalSchema: row.min_journal_schema,
      publishedAt: isoSeconds(row.published_at),
    },
    signature: row.signature,
  };
}

function summary(row: ReleaseRow): PublishedRelease {
  return { channel: row.channel, version: row.version, rolloutPercent: row.rollout_percent, artefactStored: row.artefact_stored_at !== null };
}

/** The update-signing key from its PEM: Ed25519 public keys only. */
export function releasePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the update-signing public key must be an Ed25519 key (PEM, SPKI)');
  return key;
}

export class ReleaseStore {
  readonly #key: KeyObject;

  constructor(private readonly db: Db, private readonly settings: HqUpdatesSettings, private readonly clock: () => Date) {
    this.#key = releasePublicKey(settings.publicKeyPem);
    mkdirSync(settings.artefactDir, { recursive: true, mode: 0o750 });
  }

  #artefactPath(sha256: string): string {
    return join(this.settings.artefactDir, `${sha256}.artefact`);
  }

  async publish(signed: SignedUpdateManifest, actor: Actor): Promise<Outcome<PublishedRelease>> {
    const { manifest, signature } = signed;
    if (!verify(null, Buffer.from(manifestSigningText(manifest), 'utf8'), this.#key, Buffer.from(signature, 'base64'))) {
      return refuse('malformedRequest', 'the manifest does not verify with the update-signing key HQ is configured with');
    }
    const now = this.clock();
    return this.db.transaction(async (tx) => {
      const sameName = await tx.query<ReleaseRow>('SELECT * FROM software_releases WHERE file_name = $1 AND sha256 <> $2 LIMIT 1', [manifest.artefact.fileName, manifest.artefact.sha256]);
      if (sameName.rows[0]) return refuse('malformedRequest', `the file name ${manifest.artefact.fileName} already names another artefact (${sameName.rows[0].channel} ${sameName.rows[0].version})`);
      const existing = (await tx.query<ReleaseRow>('SELECT * FROM software_releases WHERE channel = $1 AND version = $2 FOR UPDATE', [manifest.channel, manifest.version])).rows[0];
      if (existing) {
        const same = existing.file_name === manifest.artefact.fileName && Number(existing.size_bytes) === manifest.artefact.size && existing.sha256 === manifest.artefact.sha256;
        if (!same) return refuse('malformedRequest', `${manifest.channel} ${manifest.version} is already published with another artefact: a version names one artefact`);
        if (Date.parse(manifest.publishedAt) <= new Date(existing.published_at).getTime()) {
          return refuse('malformedRequest', `${manifest.channel} ${manifest.version} already has a manifest published at or after ${manifest.publishedAt}`);
        }
      }
      const stored = existing?.artefact_stored_at ?? (existsSync(this.#artefactPath(manifest.artefact.sha256)) ? now : null);
      const row = (await tx.query<ReleaseRow>(
        `INSERT INTO software_releases (channel, version, file_name, size_bytes, sha256, rollout_percent, min_journal_schema, published_at, signature, received_at, artefact_stored_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (channel, version) DO UPDATE SET rollout_percent = $6, min_journal_schema = $7, published_at = $8, signature = $9, received_at = $10
         RETURNING *`,
        [manifest.channel, manifest.version, manifest.artefact.fileName, manifest.artefact.size, manifest.artefact.sha256, manifest.rolloutPercent,
          manifest.minJournalSchema, manifest.publishedAt, signature, now.toISOString(), stored === null ? null : new Date(stored).toISOString()],
      )).rows[0]!;
      await logActorOperation(tx, actor, {
        at: now, kioskId: null, operation: 'softwareRelease', outcome: existing ? 'republished' : 'published',
        detail: { channel: manifest.channel, version: manifest.version, rolloutPercent: manifest.rolloutPercent },
      });
      return { ok: true as const, value: summary(row) };
    });
  }

  /**
   * Stores the artefact a published manifest names, streaming it to a
   * temporary file while counting and hashing; kept only if it is exactly the
   * signed size and SHA-256. Then every release naming it is offered.
   */
  async storeArtefact(fileName: string, body: Readable, actor: Actor): Promise<Outcome<{ fileName: string; sha256: string; releases: PublishedRelease[] }>> {
    const named = (await this.db.query<ReleaseRow>('SELECT * FROM software_releases WHERE file_name = $1', [fileName])).rows;
    const expected = named[0];
    if (!expected) {
      body.resume();
      return refuse('notFound', `no published manifest names ${fileName}: publish the signed manifest first`);
    }
    const size = Number(expected.size_bytes);
    const temp = join(this.settings.artefactDir, `.upload-${expected.sha256}-${process.pid}-${Date.now()}`);
    const hash = createHash('sha256');
    let received = 0;
    let tooLong = false;
    try {
      await pipeline(body, async function* count(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          received += chunk.length;
          if (received > size) { tooLong = true; throw new Error('longer than signed'); }
          hash.update(chunk);
          yield chunk;
        }
      }, createWriteStream(temp, { mode: 0o640 }));
    } catch (error) {
      rmSync(temp, { force: true });
      if (tooLong) return refuse('malformedRequest', `${fileName} is longer than the ${size} bytes its manifest signs`);
      throw error;
    }
    const digest = hash.digest('hex');
    if (received !== size || digest !== expected.sha256) {
      rmSync(temp, { force: true });
      return refuse('malformedRequest', received !== size ? `${fileName} is ${received} bytes; its manifest signs ${size}` : `${fileName} does not have the SHA-256 its manifest signs`);
    }
    renameSync(temp, this.#artefactPath(digest));
    const now = this.clock();
    const releases = await this.db.transaction(async (tx) => {
      const rows = (await tx.query<ReleaseRow>('UPDATE software_releases SET artefact_stored_at = $2 WHERE file_name = $1 AND sha256 = $3 RETURNING *', [fileName, now.toISOString(), digest])).rows;
      await logActorOperation(tx, actor, { at: now, kioskId: null, operation: 'softwareRelease', outcome: 'artefactStored', detail: { fileName, sha256: digest } });
      return rows.map(summary);
    });
    return { ok: true, value: { fileName, sha256: digest, releases } };
  }

  /** The highest version on the channel whose rollout includes this kiosk and whose artefact is stored; null: none. */
  async manifestFor(kioskId: string, channel: string): Promise<SignedUpdateManifest | null> {
    const rows = (await this.db.query<ReleaseRow>('SELECT * FROM software_releases WHERE channel = $1 AND artefact_stored_at IS NOT NULL', [channel])).rows;
    const offered = rows.filter((row) => inRollout(kioskId, row.rollout_percent)).sort((a, b) => compareVersions(b.version, a.version));
    return offered[0] ? toSigned(offered[0]) : null;
  }

  /** The stored artefact a published release names, to stream; null when there is none. */
  async artefact(fileName: string): Promise<{ size: number; open(): Readable } | null> {
    const row = (await this.db.query<ReleaseRow>('SELECT * FROM software_releases WHERE file_name = $1 AND artefact_stored_at IS NOT NULL LIMIT 1', [fileName])).rows[0];
    if (!row) return null;
    const path = this.#artefactPath(row.sha256);
    if (!existsSync(path)) return null;
    return { size: Number(row.size_bytes), open: () => createReadStream(path) };
  }

  async list(): Promise<PublishedRelease[]> {
    const rows = (await this.db.query<ReleaseRow>('SELECT * FROM software_releases')).rows;
    return rows.sort((a, b) => a.channel.localeCompare(b.channel) || compareVersions(b.version, a.version)).map(summary);
  }
}

