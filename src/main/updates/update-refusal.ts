/**
 * Why the updater refused a release, as journaled (`update.refused`,
 * src/shared/journal/event-payloads.ts):
 * - malformedManifest: the answer is not a signed manifest at all;
 * - badSignature: it does not verify with the pinned update-signing key (wrong key, or any field changed);
 * - otherChannel: signed for another channel than the kiosk's;
 * - downgrade: not newer than the version running (a replayed old release);
 * - rolledBackBefore: this kiosk already rolled back from that version;
 * - journalSchemaTooNew: the journal on disk is newer than the release reads;
 * - downloadFailed / truncated / sizeMismatch / hashMismatch: the artefact is not the one signed;
 * - installFailed: the installer did not take the request, or the new version never ran;
 * - noPreviousArtefact: a rollback was due but no previous artefact is kept.
 */
import type { UpdateRefusal } from '../../shared/journal/event-payloads';
import type { z } from 'zod';

export type UpdateRefusalReason = z.infer<typeof UpdateRefusal>;
