/**
 * One bridge connection's page, watched (src/shared/bridge/page-health.ts):
 * its heartbeats and its fatal report. A page is not watched for hangs
 * until its first heartbeat (a page from before the watch, or a test's bare
 * socket, is never counted), and each connection's page fails at most once:
 * it reloads and a new connection starts a new watch, so a page failing in
 * a loop leaves one event per reload, not a flood.
 */
import { PageHealthMessage, PAGE_UNRESPONSIVE_CLOSE } from '../../shared/bridge/page-health';

export type PageFailure = { kind: 'gone'; reason: 'crashed' } | { kind: 'unresponsive'; reason: 'unresponsive' };

export interface PageWatchOptions {
  /** No heartbeat for this long, after the first: the page is hung. */
  hangAfterMs: number;
  onFailure: (failure: PageFailure) => void;
  /** Closes the connection (the page reloads when it sees this code). */
  close: (code: number, reason: string) => void;
  now?: () => number;
  setInterval?: (callback: () => void, ms: number) => { unref?: () => void };
  clearInterval?: (handle: unknown) => void;
}

export class PageWatch {
  #lastBeat: number | null = null;
  #failed = false;
  readonly #timer: unknown;
  readonly #now: () => number;

  constructor(private readonly options: PageWatchOptions) {
    this.#now = options.now ?? Date.now;
    const every = Math.max(250, Math.floor(options.hangAfterMs / 4));
    const timer = (options.setInterval ?? globalThis.setInterval)(() => this.#check(), every);
    timer.unref?.();
    this.#timer = timer;
  }

  /**
   * Takes a page-health message off the bridge: true when `text` was one
   * (handled here, never an intent), false when it is for the core.
   */
  take(text: string): boolean {
    if (!text.startsWith('{"pageHealth"')) return false;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return false;
    }
    const message = PageHealthMessage.safeParse(json);
    if (!message.success) return false;
    if (message.data.pageHealth === 'heartbeat') this.#lastBeat = this.#now();
    else this.#fail({ kind: 'gone', reason: 'crashed' });
    return true;
  }

  stop(): void {
    (this.options.clearInterval ?? globalThis.clearInterval)(this.#timer as never);
  }

  #check(): void {
    if (this.#lastBeat === null || this.#failed) return;
    if (this.#now() - this.#lastBeat < this.options.hangAfterMs) return;
    this.#fail({ kind: 'unresponsive', reason: 'unresponsive' });
    this.options.close(PAGE_UNRESPONSIVE_CLOSE, 'page unresponsive');
  }

  #fail(failure: PageFailure): void {
    if (this.#failed) return;
    this.#failed = true;
    this.stop();
    this.options.onFailure(failure);
  }
}
