/**
 * TLS for HQ's own listener (issue 15; PCI DSS v4.0 requirement 4.2.1:
 * strong cryptography for cardholder data over open networks). Read from
 * PEM files named by HQ_TLS_CERT and HQ_TLS_KEY (both or neither); with
 * HQ_TLS_CLIENT_CA too, the listener asks every client for a certificate
 * and refuses the handshake without one that CA signed (mutual TLS, the
 * kiosk's `hq.tls.cert`/`hq.tls.key`). Checked at start: a file that is
 * missing or not what its name says stops HQ, naming the variable.
 * Often TLS ends at a load balancer in front of HQ instead; then none of
 * these is set and HQ_PUBLIC_ORIGIN names the balancer's origin.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface HqTlsOptions {
  cert: string;
  key: string;
  ca?: string;
  requestCert: boolean;
  rejectUnauthorized: boolean;
  minVersion: 'TLSv1.2';
}

export const HQ_TLS_ENV = { cert: 'HQ_TLS_CERT', key: 'HQ_TLS_KEY', clientCa: 'HQ_TLS_CLIENT_CA' } as const;

function readPem(variable: string, file: string, check: (pem: string) => void): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${variable}=${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    check(pem);
  } catch {
    throw new Error(`${variable}=${file}: not the PEM it should be`);
  }
  return pem;
}

/** The listener's TLS options from the environment, or undefined when HQ_TLS_CERT and HQ_TLS_KEY are both unset. */
export function hqTlsFromEnv(env: Record<string, string | undefined>): HqTlsOptions | undefined {
  const certFile = env[HQ_TLS_ENV.cert] || undefined;
  const keyFile = env[HQ_TLS_ENV.key] || undefined;
  const caFile = env[HQ_TLS_ENV.clientCa] || undefined;
  if (!certFile && !keyFile) {
    if (caFile) throw new Error(`${HQ_TLS_ENV.clientCa} needs ${HQ_TLS_ENV.cert} and ${HQ_TLS_ENV.key}: client certificates are asked for only over TLS`);
    return undefined;
  }
  if (!certFile || !keyFile) throw new Error(`${HQ_TLS_ENV.cert} and ${HQ_TLS_ENV.key} go together (one is unset)`);
  const cert = readPem(HQ_TLS_ENV.cert, certFile, (pem) => new X509Certificate(pem));
  const key = readPem(HQ_TLS_ENV.key, keyFile, (pem) => createPrivateKey(pem));
  const ca = caFile ? readPem(HQ_TLS_ENV.clientCa, caFile, (pem) => new X509Certificate(pem)) : undefined;
  return { cert, key, ...(ca ? { ca } : {}), requestCert: ca !== undefined, rejectUnauthorized: ca !== undefined, minVersion: 'TLSv1.2' };
}
