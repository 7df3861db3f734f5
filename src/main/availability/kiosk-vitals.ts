/**
 * The kiosk's vitals for HQ's fleet view (issue 19, "What kiosks report"),
 * each read from where the kiosk itself keeps it: free disk from the
 * journal's last check of its data folder (journal-health.ts), the retain
 * bin from the card reader's count, the sync backlog and lag from the sync
 * worker, whether HQ's keys are pinned from the HQ client, the config hash
 * from config-hash.ts. The clock skew is the status reporter's (it reads
 * HQ's acks).
 */
import type { KioskVitals } from '../../shared/hq-api/kiosk-status';
import type { RetainBinState } from '../../shared/xfs/vocabulary';

export interface VitalSources {
  /** Free bytes on the data folder's file system at the journal's last check; null when unknown. */
  diskFreeBytes: () => number | null;
  retainBin: () => { count: number; state: RetainBinState };
  sync: () => { pending: number; lagMs: number | null };
  hqKeysPinned: boolean;
  configHash: string;
}

export function kioskVitals(sources: VitalSources): Omit<KioskVitals, 'clockSkewMs'> {
  const free = sources.diskFreeBytes();
  const sync = sources.sync();
  return {
    ...(free === null ? {} : { diskFreeBytes: Math.max(0, Math.floor(free)) }),
    retainBin: sources.retainBin(),
    syncBacklog: { pending: sync.pending, lagSeconds: sync.lagMs === null ? null : Math.max(0, Math.floor(sync.lagMs / 1000)) },
    hqKeysPinned: sources.hqKeysPinned,
    configHash: sources.configHash,
  };
}
