/** Start-up failures as a closed set of classes, from the real errors (issue 16). */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/main/config/load-config';
import { EmbeddedServiceError } from '../../../src/main/embedded-hq/service-process';
import { PinnedKeysError } from '../../../src/main/hq-client/connect-hq';
import { outOfServiceHtml } from '../../../src/main/startup/out-of-service-page';
import { classifyStartupError, STARTUP_ERROR_CLASSES, startupErrorCode } from '../../../src/main/startup/startup-error';
import { openJournal, tempDir } from '../journal/journal-fixture';

const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
};

describe('classifyStartupError', () => {
  it('names a bad config, and bad pinned keys apart from it', () => {
    expect(classifyStartupError(thrown(() => parseConfig({ kioskId: 'x' })))).toBe('config');
    expect(classifyStartupError(thrown(() => parseConfig({ hq: { keys: { kioskRequests: 'nope' } } })))).toBe('hqKeys');
    expect(classifyStartupError(new PinnedKeysError('config hq.keys: expired'))).toBe('hqKeys');
  });

  it('names a journal that belongs to another kiosk', () => {
    const temp = tempDir();
    try {
      openJournal(`${temp.dir}/journal.db`, { kioskId: 'KIOSK-A-01' }).close();
      expect(classifyStartupError(thrown(() => openJournal(`${temp.dir}/journal.db`, { kioskId: 'KIOSK-B-01' })))).toBe('journalOfAnotherKiosk');
    } finally {
      temp.remove();
    }
  });

  it('names the embedded HQ, and anything else as unexpected', () => {
    expect(classifyStartupError(new EmbeddedServiceError('exited (1)'))).toBe('embeddedHq');
    expect(classifyStartupError(new TypeError('x is undefined'))).toBe('unexpected');
    expect(classifyStartupError('a string')).toBe('unexpected');
  });

  it('gives every class a code and a page in both languages', () => {
    const codes = STARTUP_ERROR_CLASSES.map(startupErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(startupErrorCode('journalOfAnotherKiosk')).toBe('E-START-JOURNAL-OF-ANOTHER-KIOSK');
    for (const errorClass of STARTUP_ERROR_CLASSES) {
      const html = outOfServiceHtml({ errorClass, at: '2026-12-02T08:00:00.000Z' });
      expect(html).toContain('lang="ja"');
      expect(html).toContain('lang="en"');
      expect(html).not.toMatch(/<script|style=/);
    }
  });
});
