/**
 * Rollback after an update that does not start (src/main/updates/update-ledger.ts;
 * issue 16): the decision logic across restarts, with a fake installer, a
 * manual clock and the ledger file in a temporary data folder. Each "start"
 * is a new UpdateLedger over the same folder, as a restarted process sees it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdateLedger, type SignedArtefact } from '../../../src/main/updates/update-ledger';
import { ManualClock } from '../../support/manual-clock';
import { FakeInstaller, journalLines } from './update-fixtures';

const artefact = (version: string): SignedArtefact => ({
  version, fileName: `contract-kiosk_${version}_amd64.deb`, manifestText: `contract-kiosk/update-manifest/v1\nstable\n${version}`, signature: `${'A'.repeat(86)}==`,
});

describe('UpdateLedger: confirm or roll back a new version', () => {
  let dir: string;
  let folder: string;
  let installer: FakeInstaller;
  let journal: ReturnType<typeof journalLines>;
  let clock: ManualClock;
  const ledger = () => new UpdateLedger({ folder, installer, record: journal.record, clock, maxStarts: 3 });
  const put = (a: SignedArtefact) => writeFileSync(join(folder, a.fileName), a.version);

  /** 0.1.0 installed from a signed artefact and healthy, then 0.2.0 handed over. */
  function updatedFrom010(): void {
    const v1 = artefact('0.1.0');
    put(v1);
    const first = ledger();
    first.handOver(v1, '0.0.9');
    void first.atStart('0.1.0');
    first.healthy('0.1.0');
    journal.events.length = 0;
    put(artefact('0.2.0'));
    ledger().handOver(artefact('0.2.0'), '0.1.0');
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'update-ledger-'));
    folder = join(dir, 'updates');
    mkdirSync(folder);
    installer = new FakeInstaller();
    journal = journalLines();
    clock = new ManualClock(Date.parse('2026-12-02T15:00:00Z'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a new version that never reaches a healthy start is rolled back on the start after its third', async () => {
    updatedFrom010();
    for (let start = 1; start <= 3; start += 1) {
      clock.advance(40_000); // systemd restarts it after each failed start
      expect(await ledger().atStart('0.2.0')).toBe('tryingNewVersion');
      expect(installer.requests).toEqual([]);
    }
    clock.advance(40_000);
    expect(await ledger().atStart('0.2.0')).toBe('rollingBack');
    expect(installer.requests).toEqual([expect.objectContaining({ kind: 'rollback', version: '0.1.0', artefactPath: join(folder, 'contract-kiosk_0.1.0_amd64.deb' ) })]);
    expect(journal.events).toEqual([
      { type: 'update.rolledBack', payload: { version: '0.2.0', toVersion: '0.1.0', failedStarts: 3 } },
      { type: 'update.installing', payload: { version: '0.1.0', fromVersion: '0.2.0', kind: 'rollback' } },
    ]);
    const state = ledger().read();
    expect(state.pending).toBeNull();
    expect(state.rolledBack).toEqual(['0.2.0']);
    expect(existsSync(join(folder, 'contract-kiosk_0.2.0_amd64.deb'))).toBe(false);
    expect(existsSync(join(folder, 'contract-kiosk_0.1.0_amd64.deb'))).toBe(true);
    // The previous version comes back up: nothing more to do.
    expect(await ledger().atStart('0.1.0')).toBe('noUpdatePending');
    ledger().healthy('0.1.0');
    expect(ledger().read().current).toMatchObject({ version: '0.1.0', artefact: { version: '0.1.0' } });
  });

  it('a new version healthy on its second start is kept; the artefact before it is deleted', async () => {
    updatedFrom010();
    expect(await ledger().atStart('0.2.0')).toBe('tryingNewVersion');
    expect(await ledger().atStart('0.2.0')).toBe('tryingNewVersion');
    ledger().healthy('0.2.0');
    expect(journal.events).toEqual([{ type: 'update.installed', payload: { version: '0.2.0', fromVersion: '0.1.0', failedStarts: 1 } }]);
    expect(ledger().read()).toMatchObject({ pending: null, current: { version: '0.2.0', artefact: { version: '0.2.0' } } });
    expect(existsSync(join(folder, 'contract-kiosk_0.1.0_amd64.deb'))).toBe(false);
    // Later starts count nothing.
    expect(await ledger().atStart('0.2.0')).toBe('noUpdatePending');
  });

  it('with no previous artefact kept (a version installed by hand) the failure is journaled and the new version stays', async () => {
    const hand = ledger();
    hand.healthy('0.1.0');
    expect(hand.read().current).toEqual({ version: '0.1.0', artefact: null });
    put(artefact('0.2.0'));
    ledger().handOver(artefact('0.2.0'), '0.1.0');
    for (let start = 1; start <= 3; start += 1) await ledger().atStart('0.2.0');
    expect(await ledger().atStart('0.2.0')).toBe('noPreviousArtefact');
    expect(installer.requests).toEqual([]);
    expect(journal.events).toEqual([{ type: 'update.refused', payload: { version: '0.2.0', reason: 'noPreviousArtefact' } }]);
    expect(ledger().read().rolledBack).toEqual(['0.2.0']);
  });

  it('a start of the old version with an update pending means the install did not take', async () => {
    updatedFrom010();
    expect(await ledger().atStart('0.1.0')).toBe('installDidNotTake');
    expect(journal.events).toEqual([{ type: 'update.refused', payload: { version: '0.2.0', reason: 'installFailed' } }]);
    expect(ledger().read().pending).toBeNull();
  });

  it('the hand-over time comes from the kiosk clock, and an unreadable ledger reads as empty', () => {
    ledger().handOver(artefact('0.2.0'), '0.1.0');
    expect(ledger().read().pending?.handedOverAt).toBe('2026-12-02T15:00:00.000Z');
    writeFileSync(join(folder, 'ledger.json'), '{not json');
    expect(ledger().read()).toEqual({ current: null, pending: null, rolledBack: [] });
  });
});
