/**
 * The kiosk core: plain Node, no Electron. Both shells (Electron IPC and the
 * web host's WebSocket) hand it raw renderer messages and subscribe to the
 * view model it pushes; neither shell holds behaviour of its own. The core
 * owns the flow machine, the session's secrets (card number, PIN pads) and
 * the translation from intents and device events to machine events.
 * Long because every intent, the keypad (issue 18) and every device event
 * meet here, and splitting the switch would split that one translation.
 */
import { randomUUID } from 'node:crypto';
import { createActor, type Actor, type AnyActorRef, type SnapshotFrom } from 'xstate';
import type { EnrolmentDetails, FormKey, GuidanceOutput, Intent, IntentType, KeypadKey, Locale, OutOfServiceReason, ServiceAction, ServiceNotice, ViewModel } from '../shared/bridge';
import { assertNever } from '../shared/assert-never';
import { TypedEmitter } from '../shared/events/typed-emitter';
import { isLimitInRange } from '../shared/domain/credit-limit';
import type { Timers } from '../shared/time/clock';
import { AssistState } from './bridge/assist-state';
import { parseIntent } from './bridge/intent-gateway';
import { IntentRefusals, type RefusalReason } from './bridge/intent-refusals';
import { keypadLegend, keypadOutcome, type KeypadContext } from './bridge/keypad-map';
import { KeypadPaging } from './bridge/keypad-paging';
import { createKioskMachine, type FlowDeps, type FlowEvent, type KioskMachine } from './flows/kiosk-machine';
import { DEFAULT_FLOW_TIMING, type FlowTiming } from './flows/ports';
import { padTagOf } from './flows/screen-tags';
import { inactivityOf, screenOf } from './flows/session-view';
import { createVault } from './flows/session-vault';
import type { SoftPinPad } from './flows/soft-pin-pad';
import { authoriseServiceAction } from './flows/operator/permissions';
import type { OperatorMachine } from './flows/operator/operator-machine';
import type { KioskControlPort, OperatorPorts } from './flows/operator/operator-ports';
import { serviceInactivityOf, serviceScreenOf } from './flows/operator/operator-view';
import type { Logger } from './logging/logger';

export interface KioskCoreOptions {
  logger: Logger;
  ports: Pick<FlowDeps, 'cardReader' | 'idScanner' | 'printer' | 'hq' | 'journal'>;
  timing?: Partial<FlowTiming>;
  /** Today's store hours for the idle screen. */
  hoursToday?: () => { open: string; close: string } | null;
  /** When today's limit increases stop (one hour before closing), ISO; null when unknown. */
  increaseDeadline?: () => string | null;
  /** The kiosk's clock, epoch ms (default: the system's). */
  now?: () => number;
  /**
   * Staff and technician service mode (issue 8). The core adds `requestExit`
   * itself: it reaches the shells through `onExitRequest`.
   */
  service?: Omit<OperatorPorts, 'control'> & { control: Omit<KioskControlPort, 'requestExit'> };
  /** The flow machines' timers (XState's `clock`), for tests that drive them (SimulatedClock). */
  clock?: Timers;
  /** Where voice guidance may sound (config `accessibility.output`, issue 18); default: the system's default sink. */
  guidanceOutput?: GuidanceOutput;
  /** The kiosk id and its key's fingerprint, for the out-of-service screen while HQ does not recognise the kiosk (issue 16). */
  enrolment?: EnrolmentDetails;
}

/** A technician asked to exit or restart the application (the only way the kiosk window may close). */
export interface ExitRequest {
  kind: 'exit' | 'restart';
  technicianId: string;
}

type ServiceSnapshot = SnapshotFrom<OperatorMachine>;

/** Where a raw intent came from, for logs: `ipc`, `web:<client>`. */
export type IntentSource = string;

export class KioskCore {
  readonly #logger: Logger;
  readonly #options: KioskCoreOptions;
  readonly #vault = createVault();
  readonly #timing: FlowTiming;
  readonly #actor: Actor<KioskMachine>;
  /** Views to the shells and exit requests; a throwing shell listener is logged and the others still hear (typed-emitter.ts). */
  readonly #events: TypedEmitter<{ view: ViewModel; exit: ExitRequest }>;
  #serviceChild: AnyActorRef | null = null;
  #locale: Locale = 'ja';
  #largeText = false;
  #revision = 0;
  #current: ViewModel;
  #inSession = false;
  #lastPublished = '';
  readonly #refusals: IntentRefusals;
  readonly #assist: AssistState;
  readonly #paging = new KeypadPaging();
  #formKey: FormKey | null = null;

  constructor(options: KioskCoreOptions) {
    this.#logger = options.logger;
    this.#options = options;
    this.#assist = new AssistState(options.guidanceOutput);
    this.#refusals = new IntentRefusals(options.logger, options.ports.journal);
    this.#events = new TypedEmitter((error, event) => this.#logger.error({ event, error: (error as Error).message }, 'kiosk core listener failed'));
    this.#timing = { ...DEFAULT_FLOW_TIMING, ...options.timing };
    const machine = createKioskMachine({
      ...options.ports,
      vault: this.#vault,
      timing: this.#timing,
      newSessionId: () => randomUUID(),
      increaseDeadline: () => options.increaseDeadline?.() ?? null,
      now: options.now ?? Date.now,
      extendedTime: () => this.#assist.current.extendedTime,
      ...(options.service ? {
        service: {
          ...options.service,
          control: {
            setOutOfService: (on) => options.service?.control.setOutOfService(on),
            isOutOfService: () => options.service?.control.isOutOfService() ?? false,
            requestExit: (kind, technicianId) => this.#requestExit({ kind, technicianId }),
          },
        },
      } : {}),
    });
    this.#actor = createActor(machine, options.clock ? { clock: options.clock } : {});
    this.#current = this.#render(this.#actor.getSnapshot());
    this.#actor.subscribe({
      next: (snapshot) => this.#onSnapshot(snapshot),
      error: (error) => this.#logger.error({ error: (error as Error).message }, 'flow machine stopped with an error'),
    });
    this.#actor.start();
  }

  start(): void {
    this.#actor.send({ type: 'SERVICE_READY' });
  }

  stop(): void {
    this.#refusals.flush();
    this.#actor.stop();
    this.#vault.wipe();
    this.#events.removeAllListeners();
  }

  goOutOfService(reason: OutOfServiceReason, resumesAt: string | null = null, notice: ServiceNotice | null = null): void {
    this.#actor.send({ type: 'SERVICE_UNAVAILABLE', reason, resumesAt, notice });
  }

  resumeService(): void {
    this.#actor.send({ type: 'SERVICE_READY' });
  }

  /** The card reader found a card in the slot (XFS MediaInserted). */
  cardInserted(): void {
    this.#actor.send({ type: 'CARD_INSERTED' });
  }

  /** The customer took the card (XFS MediaRemoved). */
  cardRemoved(): void {
    this.#actor.send({ type: 'CARD_REMOVED' });
  }

  /**
   * The handset was lifted (or headphones plugged in) or put back (issue 18):
   * guidance starts or stops. The simulator panel's toggle calls this; on a
   * real kiosk the keypad's jack sends it (docs/accessibility.md).
   */
  handsetChanged(lifted: boolean): void {
    this.#assist.handset(lifted);
    this.#pushCurrent();
  }

  /** What the renderer said it can speak with; null until it says (technician page, issue 18). */
  get speechEngine(): 'clips' | 'synthesis' | 'none' | null {
    return this.#assist.speechEngine;
  }

  /** A device the session depends on failed; the session ends with the card returned or kept. */
  deviceFault(): void {
    this.#actor.send({ type: 'DEVICE_FAULT' });
  }

  get view(): ViewModel {
    return this.#current;
  }

  /** The machine's state value, for diagnostics and tests (holds no secrets). */
  get state(): unknown {
    return this.#actor.getSnapshot().value;
  }

  get inSession(): boolean {
    return this.#inSession;
  }

  onView(listener: (view: ViewModel) => void): () => void {
    return this.#events.on('view', listener);
  }

  /**
   * The Electron shell closes (or relaunches) through its exit guard, the
   * web host stops its process; nothing else may close the kiosk (issue 8).
   * Only a technician's confirmed action in service mode emits this.
   */
  onExitRequest(listener: (request: ExitRequest) => void): () => void {
    return this.#events.on('exit', listener);
  }

  #requestExit(request: ExitRequest): void {
    this.#logger.info({ kind: request.kind, technicianId: request.technicianId }, 'technician asked the application to stop');
    // After the machine's own step: listeners may stop the core.
    queueMicrotask(() => this.#events.emit('exit', request));
  }

  /**
   * Entry point for every renderer message. Returns whether it was accepted;
   * a refused message is logged (and journaled, rate-limited) with its
   * reason and never acted on.
   */
  handleIntent(raw: unknown, source: IntentSource): boolean {
    const parsed = parseIntent(raw);
    if (!parsed.ok) {
      this.#refuse(source, parsed.reason, parsed.type);
      return false;
    }
    return this.#apply(parsed.intent, source);
  }

  #apply(intent: Intent, source: IntentSource): boolean {
    switch (intent.type) {
      case 'ready':
        // A renderer that (re)connects or reloads starts with an empty PIN
        // pad: digits typed before the link dropped are wiped, never kept for
        // keys that arrive on the new connection (issue 15, "Web bridge").
        this.#wipeActivePad();
        this.#emit();
        return true;
      case 'setLocale':
        this.#locale = intent.locale;
        this.#pushCurrent();
        return true;
      case 'setLargeText':
        this.#largeText = intent.on;
        this.#pushCurrent();
        return true;
      case 'touch':
        this.#actor.send({ type: 'TOUCH' });
        return true;
      case 'pinKey': {
        const pad = this.#activePad();
        if (!pad) return this.#refuse(source, 'notAllowedInState', intent.type);
        const result = pad.press(intent.key);
        this.#actor.send({ type: 'TOUCH' });
        this.#actor.send({ type: 'PIN', result, count: pad.count });
        return true;
      }
      case 'cancel':
        this.#actor.send({ type: 'CANCEL' });
        return true;
      case 'choose':
        this.#actor.send({ type: 'TOUCH' });
        this.#actor.send({ type: 'CHOOSE', choice: intent.choice });
        return true;
      case 'setAmount': {
        // The amount must be one the screen offers: a 10,000-yen step inside
        // the product range (DOMAIN.md); HQ checks again.
        const { amountYen } = intent;
        if (!isLimitInRange(amountYen)) return this.#refuse(source, 'invalidShape', intent.type);
        this.#actor.send({ type: 'TOUCH' });
        this.#actor.send({ type: 'SET_AMOUNT', amountYen });
        return true;
      }
      case 'declare':
        this.#actor.send({ type: 'DECLARE', annualIncomeYen: intent.annualIncomeYen, employment: intent.employment, otherBorrowingYen: intent.otherBorrowingYen });
        return true;
      case 'chooseCertificate':
        this.#actor.send({ type: 'CHOOSE_CERTIFICATE', kind: intent.kind });
        return true;
      case 'serviceAction':
        return this.#serviceAction(intent.action, source);
      case 'memberNumberKey':
        return this.#serviceInput('screen:memberNumber', intent.type, source, { type: 'MEMBER_KEY', key: intent.key });
      case 'chooseExportTarget':
        // The list is on screen only after a permitted exportDiagnostics.
        return this.#serviceInput('screen:exportTarget', intent.type, source, { type: 'EXPORT_TARGET', index: intent.index });
      case 'keypad':
        return this.#keypad(intent.key, source);
      case 'setAssist':
        this.#assist.set(intent.setting, intent.on);
        this.#pushCurrent();
        return true;
      case 'speechStatus':
        if (intent.engine === 'none') this.#logger.warn({ source }, 'voice guidance unavailable: no speech synthesis and no voice clips');
        this.#assist.setSpeechEngine(intent.engine);
        return true;
      default:
        return assertNever(intent, 'intent');
    }
  }

  /**
   * A physical keypad key: main's keypad table (bridge/keypad-map.ts) says
   * what it means on this screen, and it then goes the way the same touch
   * would, checks included.
   */
  #keypad(key: KeypadKey, source: IntentSource): boolean {
    const outcome = keypadOutcome(this.#keypadContext(this.#current), key);
    switch (outcome.kind) {
      case 'intent':
        this.#actor.send({ type: 'TOUCH' });
        return this.#apply(outcome.intent, source);
      case 'form':
        this.#actor.send({ type: 'TOUCH' });
        this.#formKey = { seq: (this.#formKey?.seq ?? 0) + 1, action: outcome.action, digit: outcome.digit };
        this.#pushCurrent();
        return true;
      case 'assist':
        this.#assist.key(outcome.key);
        this.#pushCurrent();
        return true;
      case 'page':
        this.#actor.send({ type: 'TOUCH' });
        this.#paging.turn(this.#current.view, outcome.delta);
        this.#pushCurrent();
        return true;
      case 'touch':
        this.#actor.send({ type: 'TOUCH' });
        return true;
      case 'none':
        return true;
      default:
        return assertNever(outcome, 'keypad outcome');
    }
  }

  #keypadContext(model: Pick<ViewModel, 'view' | 'inactivity' | 'locale' | 'largeText'>): KeypadContext {
    const { extendedTime, highContrast } = this.#assist.current;
    return {
      view: model.view, inactivityWarning: model.inactivity !== null, locale: model.locale, largeText: model.largeText, extendedTime, highContrast,
      keypadPage: this.#paging.pageFor(model.view),
    };
  }

  /** Input a service page takes only while it is on screen (the permission was checked when the page opened). */
  #serviceInput(screen: 'screen:memberNumber' | 'screen:exportTarget', intentType: IntentType, source: IntentSource, event: Extract<FlowEvent, { type: 'MEMBER_KEY' | 'EXPORT_TARGET' }>): boolean {
    if (!this.#serviceSnapshot()?.hasTag(screen)) return this.#refuse(source, 'notAllowedInState', intentType);
    this.#actor.send({ type: 'TOUCH' });
    this.#actor.send(event);
    return true;
  }

  /**
   * Every service action is checked here, in main (issue 8): the current
   * screen must offer it and the operator's HQ-granted permissions must
   * allow it. A refused action is logged and journaled, never acted on.
   */
  #serviceAction(action: ServiceAction, source: IntentSource): boolean {
    const service = this.#serviceSnapshot();
    const view = this.#current.view;
    if (!service || view.screen !== 'service' || !('actions' in view.page)) return this.#refuse(source, 'notAllowedInState', 'serviceAction');
    const operator = service.context.operator;
    const verdict = authoriseServiceAction(operator, view.page.actions, action);
    if (verdict === 'notPermitted') {
      this.#logger.warn({ source, action, staffId: operator.staffId }, 'service action refused: not permitted');
      const actor = operator.role === 'staff' ? { kind: 'staff' as const, staffId: operator.staffId } : { kind: 'technician' as const, technicianId: operator.staffId };
      const payload = { action: 'permissionRefused' as const, note: `refused ${action}` };
      this.#options.ports.journal(operator.role === 'staff'
        ? { type: 'staff.action', actor, sessionId: service.context.sessionId, payload }
        : { type: 'technician.action', actor, sessionId: service.context.sessionId, payload });
      this.#actor.send({ type: 'NOT_PERMITTED' });
      return false;
    }
    if (verdict === 'notOffered') return this.#refuse(source, 'notAllowedInState', 'serviceAction');
    this.#actor.send({ type: 'TOUCH' });
    this.#actor.send({ type: 'SERVICE_ACTION', action });
    return true;
  }

  #serviceSnapshot(): ServiceSnapshot | null {
    const snapshot = this.#actor.getSnapshot();
    if (!snapshot.matches('service')) return null;
    const child = (snapshot.children as Record<string, AnyActorRef | undefined>).service;
    return child ? (child.getSnapshot() as ServiceSnapshot) : null;
  }

  /** The PIN pad the current screen is collecting into, if any: the `pad:` tag of its state (flows/screen-tags.ts). */
  #activePad(): SoftPinPad | null {
    const pad = padTagOf(this.#serviceSnapshot()?.tags ?? this.#actor.getSnapshot().tags);
    return pad ? this.#vault[pad] : null;
  }

  #wipeActivePad(): void {
    const pad = this.#activePad();
    if (!pad || pad.count === 0) return;
    pad.wipe();
    // The flow shows the dots it was told about: tell it the pad is empty, as a Clear key would.
    this.#actor.send({ type: 'PIN', result: 'cleared', count: 0 });
  }

  /** Refused intents since start (logged, suppressed from the log, journaled or not). */
  get refusedIntents(): number {
    return this.#refusals.total;
  }

  #refuse(source: IntentSource, reason: RefusalReason, type?: IntentType): false {
    return this.#refusals.refuse(source, reason, type);
  }

  #onSnapshot(snapshot: SnapshotFrom<KioskMachine>): void {
    // The service machine's steps do not change this snapshot: follow the child itself.
    const child = snapshot.matches('service') ? (snapshot.children as Record<string, AnyActorRef | undefined>).service ?? null : null;
    if (child !== this.#serviceChild) {
      this.#serviceChild = child;
      child?.subscribe({
        next: () => { if (this.#serviceChild === child) this.#pushCurrent(); },
        error: (error) => this.#logger.error({ error: (error as Error).message }, 'service machine stopped with an error'),
      });
    }
    const inSession = snapshot.matches('session') || snapshot.matches('service');
    if (this.#inSession && !inSession) {
      // The next customer starts in Japanese with normal text (DOMAIN.md: Japanese first).
      this.#locale = 'ja';
      this.#largeText = false;
      this.#assist.endSession();
    }
    this.#inSession = inSession;
    this.#publish(this.#render(snapshot));
  }

  #pushCurrent(): void {
    this.#publish(this.#render(this.#actor.getSnapshot()));
  }

  /**
   * Pushes a view only when it differs from the last one: a touch restarts
   * the inactivity timer (a new machine snapshot) without changing what the
   * screen shows, and the renderer need not hear about it.
   */
  #publish(next: ViewModel): void {
    const key = JSON.stringify({ ...next, revision: 0 });
    if (key === this.#lastPublished) return;
    this.#lastPublished = key;
    this.#current = { ...next, revision: ++this.#revision };
    this.#emit();
  }

  #emit(): void {
    this.#events.emit('view', this.#current);
  }

  #render(snapshot: SnapshotFrom<KioskMachine>): ViewModel {
    const service = snapshot.matches('service') ? this.#serviceSnapshot() : null;
    const shown = snapshot.matches('service')
      ? { inactivity: service ? serviceInactivityOf(service) : null, view: service ? serviceScreenOf(service) : { screen: 'busy' as const, task: 'endingSession' as const } }
      : {
        inactivity: inactivityOf(snapshot),
        view: screenOf(snapshot, {
          hoursToday: this.#options.hoursToday?.() ?? null, timing: this.#timing, increaseDeadline: this.#options.increaseDeadline?.() ?? null,
          enrolment: this.#options.enrolment ?? null,
        }),
      };
    const base = { locale: this.#locale, largeText: this.#largeText, ...shown };
    // A form key belongs to the declarations screen it was pressed on; any other screen drops it.
    if (shown.view.screen !== 'declarations') this.#formKey = null;
    return {
      revision: this.#revision, ...base,
      assist: this.#assist.current, keypad: keypadLegend(this.#keypadContext(base)), formKey: this.#formKey,
    };
  }
}

