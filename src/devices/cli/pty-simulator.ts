/**
 * What `simulate card-reader` and `simulate printer` share: a device
 * simulator on the device end of a socat pty pair, for demos and the pty
 * integration tests. `--name value` flags; one JSON line when ready; one
 * control command a line on stdin, answered with one JSON line (the state
 * after it, unless the command answers otherwise); runs until SIGINT or
 * SIGTERM. The commands and what they do are each simulator's own.
 */
import { createInterface } from 'node:readline';

/** `--name value` pairs, each name among `allowed`; a string says what is wrong. */
export function parseFlags(args: string[], allowed: readonly string[]): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1]];
    if (!name.startsWith('--') || value === undefined) return `unexpected ${name}`;
    flags.set(name.slice(2), value);
  }
  for (const name of flags.keys()) {
    if (!allowed.includes(name)) return `unknown option --${name}`;
  }
  return flags;
}

/** The problem and the usage line on stderr; exit code 2. */
export function usageError(command: string, usage: string, problem: string): number {
  process.stderr.write(`${command}: ${problem}\n${usage}\n`);
  return 2;
}

export interface PtySimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
  snapshot(): unknown;
}

/**
 * A control command's handlers by verb, given the words after the verb. One
 * that returns nothing is answered with the state; `state` (or an empty
 * line) is only that, and an unknown verb is an error line.
 */
export type ControlHandlers = Record<string, (args: string[]) => unknown>;

export function answerControl(simulator: PtySimulator, handlers: ControlHandlers, [verb = '', ...args]: string[]): unknown {
  if (verb !== 'state' && verb !== '') {
    if (!Object.hasOwn(handlers, verb)) return { error: `unknown control command ${verb}` };
    const answer = handlers[verb]!(args);
    if (answer !== undefined) return answer;
  }
  return { state: simulator.snapshot() };
}

export interface RunOptions {
  /** `simulate printer`, for messages. */
  command: string;
  simulator: PtySimulator;
  /** Fields of the ready line besides `ready` and `state`. */
  ready: Record<string, unknown>;
  handlers: ControlHandlers;
  /** After start, before the ready line (a card to insert). */
  started?(): void;
  /** After the ready line (events to print); `say` prints one JSON line. */
  announce?(say: (value: unknown) => void): void;
}

/** Starts the simulator and serves control commands until SIGINT or SIGTERM; the exit code. */
export async function runPtySimulator(options: RunOptions): Promise<number> {
  const { simulator } = options;
  try {
    await simulator.start();
  } catch (error) {
    process.stderr.write(`${options.command}: ${(error as Error).message}\n`);
    return 1;
  }
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  options.started?.();
  say({ ready: true, ...options.ready, state: simulator.snapshot() });
  options.announce?.(say);

  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => say(answerControl(simulator, options.handlers, line.trim().split(/\s+/))));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  lines.close();
  await simulator.stop();
  return 0;
}
