import { EventEmitter } from 'node:events';

/**
 * EventEmitter with the event names and payloads checked by the compiler:
 * `Events` maps each event name to its payload type. A listener that throws
 * does not break the device code that emitted the event.
 */
export class TypedEmitter<Events extends Record<string, unknown>> {
  readonly #emitter = new EventEmitter();

  on<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  once<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): () => void {
    this.#emitter.once(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  off<K extends keyof Events & string>(event: K, listener: (payload: Events[K]) => void): void {
    this.#emitter.off(event, listener);
  }

  protected emit<K extends keyof Events & string>(event: K, payload: Events[K]): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch {
        // A broken listener is the listener's bug; the device keeps its state consistent.
      }
    }
  }
}
