/**
 * A kiosk a technician took out of service stays out of service across a
 * restart, and one they returned to service comes back in service: the whole
 * composition over a real journal, restarted on the same data folder. HQ is
 * a port nobody listens on, so "in service" shows as the next reason down,
 * HQ unreachable (a technician's stop ranks above it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeKiosk, type ComposedKiosk } from '../../../src/main/compose-kiosk';
import { parseConfig } from '../../../src/main/config/load-config';
import { captureLogger } from '../../support/capture-logger';
import { EXAMPLES } from '../../unit/journal/event-examples';
import { tempDir } from '../../unit/journal/journal-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(dataDir: string): Promise<ComposedKiosk> {
  const config = parseConfig({ dataDir, hq: { url: 'http://127.0.0.1:1', timeoutMs: 500 } });
  // A Wednesday noon in Tokyo: inside store hours whenever the suite runs (else closed hours ranks above HQ unreachable).
  return composeKiosk({ config, logger: captureLogger().logger, host: 'web', hqProbeSeconds: 3600, simClockStart: new Date('2026-12-02T12:00:00+09:00') });
}

const reason = (kiosk: ComposedKiosk) => {
  const { view } = kiosk.core.view;
  return view.screen === 'outOfService' ? view.reason : view.screen;
};
const technicianDid = (kiosk: ComposedKiosk, action: 'outOfServiceSet' | 'outOfServiceCleared' | 'deviceReset') =>
  expect(kiosk.journal.append({ ...EXAMPLES['technician.action'], payload: { action } })).toMatchObject({ ok: true });

describe('a technician\'s out of service across restarts', () => {
  it('is kept when set, dropped when cleared, and other technician work does not change it', async () => {
    const temp = tempDir();
    cleanups.push(() => temp.remove());

    let kiosk = await start(temp.dir);
    expect(reason(kiosk)).toBe('hqUnreachable');
    technicianDid(kiosk, 'outOfServiceSet');
    technicianDid(kiosk, 'deviceReset');
    await kiosk.close('restart');

    kiosk = await start(temp.dir);
    expect(reason(kiosk)).toBe('technician');
    const stops = kiosk.journal.tail(5).filter((r) => r.type === 'outOfService.entered').map((r) => (r.payload as { reasons: string[] }).reasons[0]);
    expect(stops.at(-1)).toBe('technicianRequest');
    technicianDid(kiosk, 'outOfServiceCleared');
    await kiosk.close('restart');

    kiosk = await start(temp.dir);
    expect(reason(kiosk)).toBe('hqUnreachable');
    await kiosk.close();
  });
});
