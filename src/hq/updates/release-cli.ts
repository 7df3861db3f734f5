/**
 * The release team's tool for signed updates (issue 16; docs/deploy.md,
 * "Updates"). Runs on the offline signing machine, not on HQ: HQ only ever
 * holds the public half.
 *
 * `npm run release -- keygen --out DIR`
 *   a new update-signing key: DIR/update-signing.key.pem (0600, keep it
 *   offline) and DIR/update-signing.pub.pem (for kiosk configs'
 *   `updates.publicKeyPem` and HQ's HQ_UPDATES_PUBLIC_KEY_FILE). Never
 *   replaces an existing key.
 * `npm run release -- sign --key KEY.pem --artefact FILE.deb --version X.Y.Z
 *     [--channel stable] [--rollout 0..100] [--min-journal-schema N] [--published-at ISO] --out manifest.json`
 *   the signed manifest for a built artefact (size and SHA-256 read from the file).
 * `npm run release -- verify --pub PUB.pem --manifest manifest.json [--artefact FILE]`
 *   checks a signed manifest (and the artefact) as a kiosk would.
 */
import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { manifestSigningText, SignedUpdateManifest, UpdateManifest } from '../../shared/updates/update-manifest';
import { releasePublicKey } from './release-store';

function fail(message: string): never {
  process.stderr.write(`release: ${message}\n`);
  process.exit(2);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    key: { type: 'string' },
    pub: { type: 'string' },
    artefact: { type: 'string' },
    manifest: { type: 'string' },
    version: { type: 'string' },
    channel: { type: 'string', default: 'stable' },
    rollout: { type: 'string', default: '0' },
    'min-journal-schema': { type: 'string', default: '1' },
    'published-at': { type: 'string' },
  },
});

const command = positionals[0];
if (command === 'keygen') {
  if (!values.out) fail('keygen needs --out DIR');
  const privatePath = join(values.out, 'update-signing.key.pem');
  const publicPath = join(values.out, 'update-signing.pub.pem');
  if (existsSync(privatePath) || existsSync(publicPath)) fail(`${values.out} already holds an update-signing key; it is never replaced (kiosks pin it)`);
  mkdirSync(values.out, { recursive: true, mode: 0o700 });
  const pair = generateKeyPairSync('ed25519');
  writeFileSync(privatePath, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicPath, pair.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  process.stdout.write(`${publicPath}\n${privatePath} (keep offline)\n`);
} else if (command === 'sign') {
  if (!values.key || !values.artefact || !values.version || !values.out) fail('sign needs --key, --artefact, --version and --out');
  const privateKey = createPrivateKey(readFileSync(values.key));
  if (privateKey.asymmetricKeyType !== 'ed25519') fail('--key must be an Ed25519 private key (npm run release -- keygen)');
  const published = values['published-at'] ? new Date(values['published-at']) : new Date();
  if (Number.isNaN(published.getTime())) fail('--published-at must be an ISO 8601 time');
  const candidate = {
    channel: values.channel,
    version: values.version,
    artefact: { fileName: basename(values.artefact), size: statSync(values.artefact).size, sha256: await sha256Of(values.artefact) },
    rolloutPercent: Number(values.rollout),
    minJournalSchema: Number(values['min-journal-schema']),
    publishedAt: published.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
  const parsed = UpdateManifest.safeParse(candidate);
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const signature = sign(null, Buffer.from(manifestSigningText(parsed.data), 'utf8'), privateKey).toString('base64');
  writeFileSync(values.out, `${JSON.stringify({ manifest: parsed.data, signature }, null, 2)}\n`);
  process.stdout.write(`${parsed.data.channel} ${parsed.data.version} ${parsed.data.artefact.fileName} ${parsed.data.artefact.size} bytes sha256 ${parsed.data.artefact.sha256} rollout ${parsed.data.rolloutPercent}%\n`);
} else if (command === 'verify') {
  if (!values.pub || !values.manifest) fail('verify needs --pub and --manifest');
  const parsed = SignedUpdateManifest.safeParse(JSON.parse(readFileSync(values.manifest, 'utf8')));
  if (!parsed.success) fail(`not a signed manifest: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { manifest, signature } = parsed.data;
  if (!verify(null, Buffer.from(manifestSigningText(manifest), 'utf8'), releasePublicKey(readFileSync(values.pub, 'utf8')), Buffer.from(signature, 'base64'))) fail('the signature does not verify with that key');
  if (values.artefact) {
    if (statSync(values.artefact).size !== manifest.artefact.size || await sha256Of(values.artefact) !== manifest.artefact.sha256) fail('the artefact is not the one the manifest signs');
  }
  process.stdout.write('ok\n');
} else {
  fail('usage: npm run release -- keygen --out DIR | sign --key KEY --artefact FILE --version X.Y.Z [--channel C] [--rollout N] [--min-journal-schema N] --out FILE | verify --pub PUB --manifest FILE [--artefact FILE]');
}
