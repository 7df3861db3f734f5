/** The kiosk config's `updates` block and the journal adapter (src/main/updates/updates-config.ts, kiosk-updates.ts). */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KioskConfig } from '../../../src/main/config/kiosk-config';
import { journalUpdates } from '../../../src/main/updates/kiosk-updates';
import { checkJournalEvent, type JournalEvent } from '../../../src/shared/journal';
import type { UpdateEvent } from '../../../src/main/updates/ports';

const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('config updates', () => {
  it('is optional, and takes a pinned Ed25519 key with defaults for the rest', () => {
    expect(KioskConfig.parse({}).updates).toBeUndefined();
    expect(KioskConfig.parse({ updates: { publicKeyPem: ed } }).updates).toEqual({
      publicKeyPem: ed, channel: 'stable', checkEveryMinutes: 60, allowDuringBusinessHours: false, maxStartsBeforeRollback: 3, downloadTimeoutMinutes: 30,
    });
  });

  it('refuses a key that is not Ed25519 or not PEM, an unknown field and a bad channel, naming the field', () => {
    for (const updates of [{ publicKeyPem: rsa }, { publicKeyPem: 'not a key' }, { publicKeyPem: ed, extra: 1 }, { publicKeyPem: ed, channel: 'Stable!' }]) {
      const parsed = KioskConfig.safeParse({ updates });
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(parsed.error.issues[0]?.path[0]).toBe('updates');
    }
  });
});

describe('journalUpdates', () => {
  it('journals every update event as a system event the journal\'s schema accepts', () => {
    const written: JournalEvent[] = [];
    const record = journalUpdates((event) => { written.push(event); return true; });
    const events: UpdateEvent[] = [
      { type: 'update.available', payload: { version: '0.2.0', channel: 'stable', rolloutPercent: 10 } },
      { type: 'update.downloaded', payload: { version: '0.2.0', sizeBytes: 1000 } },
      { type: 'update.refused', payload: { version: null, reason: 'badSignature' } },
      { type: 'update.installing', payload: { version: '0.2.0', fromVersion: '0.1.0', kind: 'update' } },
      { type: 'update.installed', payload: { version: '0.2.0', fromVersion: '0.1.0', failedStarts: 0 } },
      { type: 'update.rolledBack', payload: { version: '0.2.0', toVersion: '0.1.0', failedStarts: 3 } },
    ];
    for (const event of events) record(event);
    expect(written.map((event) => checkJournalEvent(event).ok)).toEqual(events.map(() => true));
    expect(written.every((event) => event.actor.kind === 'system')).toBe(true);
  });
});
