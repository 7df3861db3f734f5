/**
 * The kiosk core: plain Node, no Electron. Both shells (Electron IPC and the
 * web host's WebSocket) hand it raw renderer messages and subscribe to the
 * view model it pushes; neither shell holds behaviour of its own.
 */
import { createActor, type Actor, type SnapshotFrom } from 'xstate';
import type { Intent, Locale, OutOfServiceReason, ScreenView, ViewModel } from '../shared/bridge';
import { assertNever } from '../shared/xfs/vocabulary';
import { parseIntent } from './bridge/intent-gateway';
import { CALL_CENTRE } from './flows/call-centre';
import { kioskMachine } from './flows/kiosk-machine';
import type { Logger } from './logging/logger';

export interface KioskCoreOptions {
  logger: Logger;
  /** Today's store hours for the idle screen, until HQ's calendar supplies them. */
  hoursToday?: { open: string; close: string } | null;
}

/** Where a raw intent came from, for logs: `ipc`, `web:<client>`. */
export type IntentSource = string;

export class KioskCore {
  readonly #logger: Logger;
  readonly #actor: Actor<typeof kioskMachine>;
  readonly #listeners = new Set<(view: ViewModel) => void>();
  readonly #hoursToday: { open: string; close: string } | null;
  #locale: Locale = 'ja';
  #largeText = false;
  #revision = 0;
  #current: ViewModel;

  constructor(options: KioskCoreOptions) {
    this.#logger = options.logger;
    this.#hoursToday = options.hoursToday ?? null;
    this.#actor = createActor(kioskMachine);
    this.#current = this.#render(this.#actor.getSnapshot());
    this.#actor.subscribe((snapshot) => this.#push(snapshot));
    this.#actor.start();
  }

  start(): void {
    this.#actor.send({ type: 'SERVICE_READY' });
  }

  stop(): void {
    this.#actor.stop();
    this.#listeners.clear();
  }

  goOutOfService(reason: OutOfServiceReason, resumesAt: string | null = null): void {
    this.#actor.send({ type: 'SERVICE_UNAVAILABLE', reason, resumesAt });
  }

  resumeService(): void {
    this.#actor.send({ type: 'SERVICE_READY' });
  }

  get view(): ViewModel {
    return this.#current;
  }

  onView(listener: (view: ViewModel) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Entry point for every renderer message. Returns whether it was accepted;
   * a refused message is logged with its reason and never acted on.
   */
  handleIntent(raw: unknown, source: IntentSource): boolean {
    const parsed = parseIntent(raw);
    if (!parsed.ok) {
      this.#logger.warn({ source, reason: parsed.reason, intentType: parsed.type }, 'intent refused');
      return false;
    }
    this.#apply(parsed.intent);
    return true;
  }

  #apply(intent: Intent): void {
    switch (intent.type) {
      case 'ready':
        this.#emit();
        return;
      case 'setLocale':
        this.#locale = intent.locale;
        this.#pushCurrent();
        return;
      case 'setLargeText':
        this.#largeText = intent.on;
        this.#pushCurrent();
        return;
      case 'touch':
        return;
      default:
        assertNever(intent, 'intent');
    }
  }

  #pushCurrent(): void {
    this.#push(this.#actor.getSnapshot());
  }

  #push(snapshot: SnapshotFrom<typeof kioskMachine>): void {
    this.#current = this.#render(snapshot);
    this.#emit();
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#current);
  }

  #render(snapshot: SnapshotFrom<typeof kioskMachine>): ViewModel {
    return { revision: this.#revision++, locale: this.#locale, largeText: this.#largeText, view: this.#screenOf(snapshot) };
  }

  #screenOf(snapshot: SnapshotFrom<typeof kioskMachine>): ScreenView {
    if (snapshot.matches('idle')) return { screen: 'idle', hoursToday: this.#hoursToday };
    if (snapshot.matches('outOfService')) {
      return { screen: 'outOfService', reason: snapshot.context.outOfServiceReason, resumesAt: snapshot.context.resumesAt, callCentre: { ...CALL_CENTRE } };
    }
    return { screen: 'starting' };
  }
}
