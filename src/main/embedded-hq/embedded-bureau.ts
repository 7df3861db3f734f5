/**
 * The embedded reference credit bureau for development and demos (issue 14):
 * the real bureau (src/bureau, PGlite in `<HQ data>/bureau`, the demo records
 * on first start) in a child process, with the embedded HQ enrolled as the
 * demo lender. HQ's bureau signing key is kept in HQ's key folder
 * (`keys/bureau-lender-ed25519.pem`), made here on first start, since the
 * bureau must hold the public half before HQ's first request; in production
 * the lender's key is made and enrolled by the lender's and the bureau's
 * administrators (docs/hq.md, "Credit bureau").
 */
import { generateKeyPairSync, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DEMO_LENDER_ID } from '../../shared/demo/demo-lenders';
import type { Logger } from '../logging/logger';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface EmbeddedBureau extends ServiceProcess {
  lenderId: string;
  /** HQ's private signing key for the bureau (PEM, PKCS#8). */
  lenderKeyFile: string;
}

export interface EmbeddedBureauOptions {
  root: string;
  /** The port to listen on (freePort() lets HQ start at the same time, knowing the address); 0: any. */
  port?: number;
  /** The embedded HQ's data folder: the bureau's store goes in its `bureau/`, the key in its `keys/`. */
  hqDataDir: string;
  logger: Logger;
  readyTimeoutMs?: number;
  /** The simulator's clock offset file, shared with the embedded HQ (server-kit/offset-clock.ts). */
  clockOffsetFile?: string;
}

/** The bureau's folder inside the embedded HQ's (the e2e template seeds it there too). */
export const embeddedBureauDir = (hqDataDir: string): string => join(hqDataDir, 'bureau');

/** HQ's Ed25519 key for the bureau, made once; returns the private and public PEM files. */
export function ensureLenderKey(hqDataDir: string): { privateKeyFile: string; publicKeyFile: string } {
  const keysDir = join(hqDataDir, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const privateKeyFile = join(keysDir, 'bureau-lender-ed25519.pem');
  if (!existsSync(privateKeyFile)) {
    writeFileSync(privateKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const bureauDir = embeddedBureauDir(hqDataDir);
  mkdirSync(bureauDir, { recursive: true });
  const publicKeyFile = join(bureauDir, 'demo-lender.pub.pem');
  writeFileSync(publicKeyFile, createPublicKey(createPrivateKey(readFileSync(privateKeyFile, 'utf8'))).export({ type: 'spki', format: 'pem' }));
  return { privateKeyFile, publicKeyFile };
}

/** A port free on loopback now (for a child started at the same time as the one that will call it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedBureau(options: EmbeddedBureauOptions): Promise<EmbeddedBureau> {
  const key = ensureLenderKey(options.hqDataDir);
  const service = await startServiceProcess({
    name: 'embedded bureau',
    root: options.root,
    args: ['src/bureau/cli.ts', '--port', String(options.port ?? 0), '--data', embeddedBureauDir(options.hqDataDir), '--enroll', `${DEMO_LENDER_ID}=${key.publicKeyFile}`,
      ...(options.clockOffsetFile ? ['--clock-offset-file', options.clockOffsetFile] : [])],
    env: { ...process.env, BUREAU_DATABASE_URL: '' },
    logger: options.logger,
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  });
  return { ...service, lenderId: DEMO_LENDER_ID, lenderKeyFile: key.privateKeyFile };
}
