/**
 * The HQ link over TLS with a private CA and client certificates (issue 15:
 * "optional private CA and client certificate (mTLS) settings"). A real HQ
 * (startHqServer, PGlite in memory) listening with HQ_TLS_CERT, HQ_TLS_KEY
 * and HQ_TLS_CLIENT_CA; the kiosk's link built as the kiosk builds it
 * (config `hq.tls`, connectHq). Certificates are made for the run by the
 * openssl CLI (test/support/test-certificates.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hqTlsFromEnv } from '../../../src/hq/config/hq-tls';
import { hqKeysResponse } from '../../../src/hq/keys/hq-keys';
import { startHqServer, type RunningHq } from '../../../src/hq/server';
import { ConfigError, parseConfig } from '../../../src/main/config/load-config';
import { connectHq } from '../../../src/main/hq-client/connect-hq';
import { loadOrCreateKioskKey, type KioskKey } from '../../../src/main/keys/kiosk-key';
import { captureLogger } from '../../support/capture-logger';
import { makeTestCertificates, type TestCertificates } from '../../support/test-certificates';
import { tempDir } from '../../unit/journal/journal-fixture';

const KIOSK_ID = 'KIOSK-TLS-01';
let temp: { dir: string; remove(): void };
let certs: TestCertificates;
let hq: RunningHq;
let kioskKey: KioskKey;

beforeAll(async () => {
  temp = tempDir();
  certs = makeTestCertificates(temp.dir);
  kioskKey = loadOrCreateKioskKey(join(temp.dir, 'kiosk-ed25519.pem'));
  const tls = hqTlsFromEnv({ HQ_TLS_CERT: certs.serverCert, HQ_TLS_KEY: certs.serverKey, HQ_TLS_CLIENT_CA: certs.caCert });
  hq = await startHqServer({ port: 0, tls, enroll: [{ kioskId: KIOSK_ID, publicKeyPemFile: kioskKey.publicKeyPath }], seedWhenEmpty: false, logger: false });
}, 60_000);

afterAll(async () => {
  await hq?.close();
  temp?.remove();
});

async function calendarWith(tls: { ca?: string; cert?: string; key?: string }) {
  const log = captureLogger();
  const config = parseConfig({ kioskId: KIOSK_ID, dataDir: temp.dir, hq: { url: hq.url, timeoutMs: 5000, keys: hqKeysResponse(hq.secrets.keys), tls } });
  const connection = await connectHq({ config, root: process.cwd(), dataDir: temp.dir, key: kioskKey, fetch: globalThis.fetch, now: () => new Date(), logger: log.logger });
  try {
    return await connection.hq.getCalendar();
  } finally {
    await connection.close();
  }
}

describe('the HQ link over mutual TLS', () => {
  it('serves https and answers a kiosk that trusts the private CA and shows a certificate from it', async () => {
    expect(hq.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await calendarWith({ ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey })).toMatchObject({ ok: true });
  });

  it('refuses the handshake of a kiosk without a client certificate, or with one from another CA', async () => {
    const noCert = await calendarWith({ ca: certs.caCert });
    expect(noCert).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect(await calendarWith({ ca: certs.caCert, cert: certs.strangerCert, key: certs.strangerKey })).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
  });

  it('does not trust HQ\'s certificate without the private CA (the system\'s CAs never signed it)', async () => {
    expect(await calendarWith({ cert: certs.clientCert, key: certs.clientKey })).toMatchObject({ ok: false, error: { kind: 'unreachable', detail: 'SELF_SIGNED_CERT_IN_CHAIN' } });
  });
});

describe('TLS settings are checked at load, naming the field', () => {
  const parse = (tls: Record<string, string>, url = 'https://hq.example.jp') => () => parseConfig({ hq: { url, keys: hqKeysResponse(hq.secrets.keys), tls } });

  it('refuses a certificate without its key, a key that is not the certificate\'s, unreadable and non-PEM files, and TLS over http', () => {
    expect(parse({ cert: certs.clientCert })).toThrow(/hq\.tls\.key: a client certificate needs both/);
    expect(parse({ cert: certs.clientCert, key: certs.strangerKey })).toThrow(/hq\.tls\.key: .*not the private key of/);
    expect(parse({ ca: join(temp.dir, 'missing.pem') })).toThrow(/hq\.tls\.ca: .*cannot read \(ENOENT\)/);
    const notPem = join(temp.dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(parse({ ca: notPem })).toThrow(/hq\.tls\.ca: .*not a PEM certificate/);
    expect(parse({ ca: certs.caCert }, 'http://127.0.0.1:8470')).toThrow(/hq\.tls: TLS settings need an https: hq\.url/);
    expect(parse({ ca: certs.caCert, cert: certs.clientCert, key: certs.clientKey })).not.toThrow();
    // Never a key's bytes in the message.
    try {
      parse({ cert: certs.clientCert, key: certs.serverCert })();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).not.toContain('PRIVATE KEY');
    }
  });

  it('refuses HQ_TLS_* that do not go together or cannot be read', () => {
    expect(() => hqTlsFromEnv({ HQ_TLS_CERT: certs.serverCert })).toThrow(/HQ_TLS_CERT and HQ_TLS_KEY go together/);
    expect(() => hqTlsFromEnv({ HQ_TLS_CLIENT_CA: certs.caCert })).toThrow(/HQ_TLS_CLIENT_CA needs HQ_TLS_CERT and HQ_TLS_KEY/);
    expect(() => hqTlsFromEnv({ HQ_TLS_CERT: certs.serverCert, HQ_TLS_KEY: join(temp.dir, 'missing.key') })).toThrow(/HQ_TLS_KEY=.*cannot read/);
    expect(hqTlsFromEnv({})).toBeUndefined();
  });
});
