/**
 * Certificates made for one test run with the `openssl` CLI (Debian's
 * openssl package; TOOLCHAIN.md's machines have it): a private CA, a server
 * certificate for 127.0.0.1 and localhost, a client certificate from that
 * CA, and a client certificate from a second, untrusted CA. Ed25519 keys
 * throughout (RFC 8410), valid for two days. Written to `dir`; paths back.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCertificates {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  strangerCert: string;
  strangerKey: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestCertificates(dir: string): TestCertificates {
  const path = (name: string) => join(dir, name);
  const ca = (name: string) => openssl(['req', '-x509', '-newkey', 'ed25519', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', path(`${name}.key`), '-out', path(`${name}.pem`)]);
  const issue = (name: string, subject: string, issuer: string, extensions: string) => {
    openssl(['req', '-newkey', 'ed25519', '-nodes', '-subj', `/CN=${subject}`, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`)]);
    writeFileSync(path(`${name}.ext`), `${extensions}\n`);
    openssl(['x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${issuer}.pem`), '-CAkey', path(`${issuer}.key`), '-CAcreateserial', '-days', '2', '-out', path(`${name}.pem`), '-extfile', path(`${name}.ext`)]);
  };
  ca('test-ca');
  ca('stranger-ca');
  issue('server', '127.0.0.1', 'test-ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth');
  issue('client', 'KIOSK-TLS-01', 'test-ca', 'extendedKeyUsage=clientAuth');
  issue('stranger', 'KIOSK-TLS-01', 'stranger-ca', 'extendedKeyUsage=clientAuth');
  return {
    caCert: path('test-ca.pem'),
    serverCert: path('server.pem'), serverKey: path('server.key'),
    clientCert: path('client.pem'), clientKey: path('client.key'),
    strangerCert: path('stranger.pem'), strangerKey: path('stranger.key'),
  };
}
