/**
 * The embedded reference HQ for development and demos: the real HQ server
 * (src/hq, PGlite in a data folder) in a child process, so the kiosk talks to
 * it over HTTP exactly as it would to the production HQ. The kiosk's public
 * key is enrolled on start. With an embedded bureau (embedded-bureau.ts) HQ
 * is pointed at it.
 */
import type { Logger } from '../logging/logger';
import type { EmbeddedBureau } from './embedded-bureau';

/** Where HQ finds its bureau: its address, member id and HQ's signing-key file. */
export type BureauLink = Pick<EmbeddedBureau, 'url' | 'lenderId' | 'lenderKeyFile'>;
import { startServiceProcess, type ServiceProcess } from './service-process';

export type EmbeddedHq = ServiceProcess;

export interface EmbeddedHqOptions {
  /** Repository root (the folder with src/hq/cli.ts and node_modules/tsx). */
  root: string;
  dataDir: string;
  kioskId: string;
  kioskPublicKeyPath: string;
  logger: Logger;
  readyTimeoutMs?: number;
  extraArgs?: string[];
  /** The credit bureau HQ asks (issue 14); without one HQ refuses every increase. */
  bureau?: BureauLink | null;
}

export async function startEmbeddedHq(options: EmbeddedHqOptions): Promise<EmbeddedHq> {
  const bureauArgs = options.bureau ? ['--bureau-url', options.bureau.url, '--bureau-key-file', options.bureau.lenderKeyFile, '--bureau-lender-id', options.bureau.lenderId] : [];
  return startServiceProcess({
    name: 'embedded HQ',
    root: options.root,
    args: ['src/hq/cli.ts', '--port', '0', '--data', options.dataDir, '--enroll', `${options.kioskId}=${options.kioskPublicKeyPath}`, ...bureauArgs, ...(options.extraArgs ?? [])],
    // The embedded HQ is PGlite in its folder, and its bureau the one given here, whatever the shell says.
    env: { ...process.env, HQ_DATABASE_URL: '', HQ_BUREAU_URL: '' },
    logger: options.logger,
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  });
}
