/**
 * The kiosk's TLS settings for its HQ link (issue 15, "optional private CA
 * and client certificate (mTLS) settings"; PCI DSS v4.0 requirement 4.2.1,
 * strong cryptography for cardholder data over open networks): `hq.tls.ca`
 * trusts a private CA for HQ's certificate (instead of the system's CAs),
 * `hq.tls.cert` and `hq.tls.key` present a client certificate to an HQ that
 * asks for one (HQ_TLS_CLIENT_CA). PEM files, by path (absolute, or from
 * the kiosk's working folder). Checked when the config loads: readable,
 * what their name says, the certificate matching the key; then handed to
 * fetch as an undici dispatcher, so the same signed-request client runs over
 * it unchanged.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { z } from 'zod';

export const HqTlsConfig = z.object({
  /** PEM file of the CA (or CAs) that signed HQ's certificate. */
  ca: z.string().min(1).optional(),
  /** PEM file of this kiosk's client certificate; with `key`. */
  cert: z.string().min(1).optional(),
  /** PEM file of that certificate's private key; with `cert`. Readable by the kiosk's user only. */
  key: z.string().min(1).optional(),
}).strict();
export type HqTlsConfig = z.infer<typeof HqTlsConfig>;

export interface HqTlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

export type HqTlsProblem = { field: 'ca' | 'cert' | 'key'; message: string };

function read(field: HqTlsProblem['field'], path: string, problems: HqTlsProblem[]): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    problems.push({ field, message: `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
}

/** Reads and checks the files; every problem named by field, never a byte of a key. */
export function readHqTls(tls: HqTlsConfig): { ok: true; material: HqTlsMaterial } | { ok: false; problems: HqTlsProblem[] } {
  const problems: HqTlsProblem[] = [];
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    problems.push({ field: tls.cert === undefined ? 'cert' : 'key', message: 'a client certificate needs both hq.tls.cert and hq.tls.key' });
  }
  const material: HqTlsMaterial = {};
  if (tls.ca !== undefined) {
    const pem = read('ca', tls.ca, problems);
    if (pem !== undefined) {
      try {
        new X509Certificate(pem);
        material.ca = pem;
      } catch {
        problems.push({ field: 'ca', message: `${tls.ca}: not a PEM certificate` });
      }
    }
  }
  if (tls.cert !== undefined && tls.key !== undefined) {
    const certPem = read('cert', tls.cert, problems);
    const keyPem = read('key', tls.key, problems);
    let certificate: X509Certificate | undefined;
    if (certPem !== undefined) {
      try {
        certificate = new X509Certificate(certPem);
      } catch {
        problems.push({ field: 'cert', message: `${tls.cert}: not a PEM certificate` });
      }
    }
    if (keyPem !== undefined) {
      try {
        const key = createPrivateKey(keyPem);
        if (certificate && !certificate.checkPrivateKey(key)) problems.push({ field: 'key', message: `${tls.key}: not the private key of ${tls.cert}` });
      } catch {
        problems.push({ field: 'key', message: `${tls.key}: not a PEM private key` });
      }
    }
    if (certPem !== undefined && keyPem !== undefined) Object.assign(material, { cert: certPem, key: keyPem });
  }
  return problems.length === 0 ? { ok: true, material } : { ok: false, problems };
}

/** `fetch` over a dispatcher with these TLS settings (TLS 1.2 at least), and the way to close its connections. */
export function tlsFetch(inner: typeof fetch, material: HqTlsMaterial): { fetch: typeof fetch; close(): Promise<void> } {
  const agent = new Agent({ connect: { ...material, minVersion: 'TLSv1.2' } });
  return {
    // `dispatcher` is undici's extension of RequestInit, understood by Node's fetch.
    fetch: (input, init) => inner(input, { ...init, dispatcher: agent } as RequestInit),
    close: () => agent.close(),
  };
}
