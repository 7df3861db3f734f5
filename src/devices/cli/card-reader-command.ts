/**
 * `npm run --silent device -- card-reader --port PATH [--baud N] [--timeout-ms N] <command>`
 * (docs/card-reader.md), for a technician at the kiosk:
 *   status                         reader state, card position, card entry
 *   reset [--to exit|retain|keep]  reset (keeps a card unless told), prints the firmware version
 *   read [--binary]                reads all tracks: card number, expiry, track statuses
 *   eject                          presents the card at the slot
 *   capture                        captures the card into the retain bin
 *   trace [status|reset|read|eject|capture]
 *                                  runs that command (status if none) and prints the
 *                                  masked traffic trace and counters instead of its result
 * JSON on stdout; one-line errors on stderr; exit 0 on success, 1 on failure, 2 on usage.
 *
 * `read` prints the card number in full: the technician holds the test card
 * (issue 3). Nothing else here prints track data, and `trace` never does.
 */
import { CardReaderService, type ResetTarget } from '../card-reader/card-reader-service';
import type { TrackStatuses } from '../card-reader/card-read';
import { SerialTransport, SUPPORTED_BAUD_RATES } from '../transport/serial-transport';
import type { ByteTransport } from '../transport/byte-transport';
import type { CommandResult } from '../../shared/xfs/vocabulary';

const USAGE = 'usage: card-reader --port PATH [--baud N] [--timeout-ms N] <status | reset [--to exit|retain|keep] | read [--binary] | eject | capture | trace [command]>';

type Action = 'status' | 'reset' | 'read' | 'eject' | 'capture';
const ACTIONS: readonly Action[] = ['status', 'reset', 'read', 'eject', 'capture'];

export interface CardReaderCliOptions {
  port: string;
  baudRate: number;
  timeoutMs: number | undefined;
  action: Action;
  trace: boolean;
  resetTo: ResetTarget;
  binary: boolean;
}

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Lets tests put an in-memory link where the serial port would be. */
  openTransport?: (options: CardReaderCliOptions) => ByteTransport;
}

const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export function parseCardReaderArgs(args: string[]): CardReaderCliOptions | string {
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--binary') flags.set('binary', 'true');
    else if (arg.startsWith('--')) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      flags.set(arg.slice(2), value);
    } else words.push(arg);
  }
  for (const name of flags.keys()) {
    if (!['port', 'baud', 'timeout-ms', 'to', 'binary'].includes(name)) return `unknown option --${name}`;
  }
  const port = flags.get('port');
  if (!port) return '--port PATH is required';
  const baudRate = Number(flags.get('baud') ?? 9600);
  if (!(SUPPORTED_BAUD_RATES as readonly number[]).includes(baudRate)) return `--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`;
  const timeoutText = flags.get('timeout-ms');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) return '--timeout-ms must be a positive integer';
  let trace = false;
  if (words[0] === 'trace') {
    trace = true;
    words.shift();
    if (words.length === 0) words.push('status');
  }
  if (words.length !== 1 || !ACTIONS.includes(words[0] as Action)) return 'one command expected';
  const action = words[0] as Action;
  const to = flags.get('to') ?? 'keep';
  const resetTargets: Record<string, ResetTarget> = { exit: 'exit', retain: 'retain', keep: 'currentPosition' };
  const resetTo = resetTargets[to];
  if (!resetTo) return '--to must be exit, retain or keep';
  if (flags.has('to') && action !== 'reset') return '--to applies to reset only';
  if (flags.has('binary') && action !== 'read') return '--binary applies to read only';
  return { port, baudRate, timeoutMs, action, trace, resetTo, binary: flags.has('binary') };
}

export async function main(args: string[], io: Io = processIo): Promise<number> {
  const options = parseCardReaderArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`card-reader: ${options}\n${USAGE}\n`);
    return 2;
  }
  const transport = io.openTransport ? io.openTransport(options) : new SerialTransport({ path: options.port, baudRate: options.baudRate });
  const service = new CardReaderService({
    transport,
    baudRate: options.baudRate,
    pollIntervalMs: 0,
    // The CLI has no persisted bin count; the kiosk's thresholds do not apply to a technician's capture.
    retainBin: { high: Number.MAX_SAFE_INTEGER, full: Number.MAX_SAFE_INTEGER },
    ...(options.timeoutMs === undefined ? {} : { commandTimeoutMs: options.timeoutMs }),
  });
  let invalidTracks: TrackStatuses | undefined;
  service.on('invalidMedia', (event) => {
    invalidTracks = event.tracks;
  });
  try {
    const opened = await service.open();
    if (opened.completion !== 'success') return fail(io, opened);
    const result = await run(service, options);
    if (options.trace) {
      io.stdout.write(`${JSON.stringify(service.diagnostics(), null, 2)}\n`);
      return result.completion === 'success' ? 0 : fail(io, result);
    }
    if (result.completion !== 'success') {
      // A card that reads badly: still show which tracks failed and why (statuses only, no data).
      if (invalidTracks) io.stdout.write(`${JSON.stringify({ tracks: invalidTracks }, null, 2)}\n`);
      return fail(io, result);
    }
    io.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
    return 0;
  } finally {
    await service.close().catch(() => undefined);
  }
}

async function run(service: CardReaderService, options: CardReaderCliOptions): Promise<CommandResult<unknown, string>> {
  switch (options.action) {
    case 'status': {
      const status = await service.refreshStatus();
      return status.completion === 'success' ? { completion: 'success', value: { endpoint: options.port, baudRate: options.baudRate, ...status.value } } : status;
    }
    case 'reset':
      return service.reset({ to: options.resetTo });
    case 'read': {
      const read = await service.readRawData({ track1: true, track2: true, track3: true }, { mode: options.binary ? 'binary' : 'ascii' });
      if (read.completion !== 'success') return read;
      const { cardNumber, expiry, tracks } = read.value;
      const expiryText = expiry ? `${expiry.year}-${String(expiry.month).padStart(2, '0')}` : null;
      return { completion: 'success', value: { cardNumber, expiry: expiryText, tracks } };
    }
    case 'eject':
      return service.move({ to: 'exit' });
    case 'capture':
      return service.move({ to: 'retain' });
    default: {
      const never: never = options.action;
      return never;
    }
  }
}

function fail(io: Io, result: Exclude<CommandResult<unknown, string>, { completion: 'success' }>): number {
  const what = result.completion === 'commandErrorCode' ? result.errorCode : result.completion;
  io.stderr.write(`card-reader: ${what}${result.detail ? `: ${result.detail}` : ''}\n`);
  return 1;
}
