/**
 * The one event emitter of the kiosk's own classes (devices, journal, sync
 * worker, availability): event names and payloads checked by the compiler,
 * `Events` mapping each event name to its payload type.
 *
 * The rule for a listener that throws, the same everywhere: the error is
 * caught and handed to the emitter's `onListenerError`, and the remaining
 * listeners still run. A listener's bug is the listener's; the code that
 * emitted keeps its own state consistent and carries on (a card reader
 * mid-exchange, a journal mid-append). The default handler drops the error,
 * which is what each hand-rolled listener set did before this one replaced
 * them; an owner that can log passes a handler that does.
 *
 * Listeners run in the order they were added, from a snapshot taken when
 * the event is emitted (as Node's EventEmitter does): a listener added
 * during an emit first hears the next one. `emit` is public so a class can
 * keep an emitter privately and publish through its own `onX` methods.
 */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

export const dropListenerError: ListenerErrorHandler = () => {};

type Listener<T> = (payload: T) => void;
type Entry = { listener: Listener<never>; once: boolean };

export class TypedEmitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Entry[]>();
  readonly #onListenerError: ListenerErrorHandler;

  constructor(onListenerError: ListenerErrorHandler = dropListenerError) {
    this.#onListenerError = onListenerError;
  }

  /** Adds `listener`; the returned function removes this registration. */
  on<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    return this.#add(event, { listener: listener as Listener<never>, once: false });
  }

  /** Adds `listener` for the next `event` only. */
  once<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    return this.#add(event, { listener: listener as Listener<never>, once: true });
  }

  /** Removes the most recently added registration of `listener` (`on` or `once`), if any. */
  off<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): void {
    const entry = this.#listeners.get(event)?.findLast((e) => e.listener === listener);
    if (entry) this.#remove(event, entry);
  }

  emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    for (const entry of [...(this.#listeners.get(event) ?? [])]) {
      if (entry.once) this.#remove(event, entry);
      try {
        (entry.listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
  }

  #add(event: keyof Events, entry: Entry): () => void {
    const list = this.#listeners.get(event) ?? [];
    list.push(entry);
    this.#listeners.set(event, list);
    return () => this.#remove(event, entry);
  }

  #remove(event: keyof Events, entry: Entry): void {
    const list = this.#listeners.get(event);
    const index = list?.indexOf(entry) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
  }
}
