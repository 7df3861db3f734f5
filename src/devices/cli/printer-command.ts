/**
 * `npm run --silent device -- printer --port PATH [--baud N] [--timeout-ms N] <status | test>`
 * (docs/printer.md), for a technician at the kiosk:
 *   status   the four real-time status answers (DLE EOT 1..4) as XFS status:
 *            device, paper, cover, and each ESC/POS condition
 *   test     prints the self-test page (Japanese and English) and reports
 *            bytes, lines and the paper afterwards
 * JSON on stdout; one-line errors on stderr; exit 0 on success, 1 on failure, 2 on usage.
 */
import { PrinterService, PRINTER_BAUD_RATES, type PrinterStatus } from '../printer/printer-service';
import { selfTestPage } from '../printer/self-test-page';
import { SerialTransport } from '../transport/serial-transport';
import type { ByteTransport } from '../transport/byte-transport';
import type { CommandResult } from '../../shared/xfs/vocabulary';

const USAGE = 'usage: printer --port PATH [--baud N] [--timeout-ms N] <status | test>';

type Action = 'status' | 'test';
const ACTIONS: readonly Action[] = ['status', 'test'];

export interface PrinterCliOptions {
  port: string;
  baudRate: number;
  timeoutMs: number | undefined;
  action: Action;
}

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Lets tests put an in-memory link where the serial port would be. */
  openTransport?: (options: PrinterCliOptions) => ByteTransport;
  now?: () => Date;
}

const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

export function parsePrinterArgs(args: string[]): PrinterCliOptions | string {
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      flags.set(arg.slice(2), value);
    } else words.push(arg);
  }
  for (const name of flags.keys()) {
    if (!['port', 'baud', 'timeout-ms'].includes(name)) return `unknown option --${name}`;
  }
  const port = flags.get('port');
  if (!port) return '--port PATH is required';
  const baudRate = Number(flags.get('baud') ?? 9600);
  if (!(PRINTER_BAUD_RATES as readonly number[]).includes(baudRate)) return `--baud must be one of ${PRINTER_BAUD_RATES.join(', ')}`;
  const timeoutText = flags.get('timeout-ms');
  const timeoutMs = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) return '--timeout-ms must be a positive integer';
  if (words.length !== 1 || !ACTIONS.includes(words[0] as Action)) return 'one command expected';
  return { port, baudRate, timeoutMs, action: words[0] as Action };
}

export async function main(args: string[], io: Io = processIo): Promise<number> {
  const options = parsePrinterArgs(args);
  if (typeof options === 'string') {
    io.stderr.write(`printer: ${options}\n${USAGE}\n`);
    return 2;
  }
  const transport = io.openTransport
    ? io.openTransport(options)
    : new SerialTransport({ path: options.port, baudRate: options.baudRate, baudRates: PRINTER_BAUD_RATES });
  const service = new PrinterService({
    transport,
    baudRate: options.baudRate,
    pollIntervalMs: 0,
    ...(options.timeoutMs === undefined ? {} : { statusTimeoutMs: options.timeoutMs }),
  });
  try {
    const opened = await service.open();
    if (opened.completion !== 'success') return fail(io, opened);
    const line = { endpoint: options.port, baudRate: options.baudRate };
    switch (options.action) {
      case 'status':
        return report(io, { ...line, ...opened.value });
      case 'test': {
        const page = selfTestPage({ at: (io.now ?? (() => new Date()))(), ...line });
        const printed = await service.print(page);
        if (printed.completion !== 'success') return fail(io, printed);
        return report(io, { ...line, printed: printed.value, status: withoutConditions(service.status()) });
      }
      default: {
        const never: never = options.action;
        return never;
      }
    }
  } finally {
    await service.close().catch(() => undefined);
  }
}

function withoutConditions(status: PrinterStatus): Omit<PrinterStatus, 'conditions'> {
  const { conditions: _conditions, ...rest } = status;
  return rest;
}

function report(io: Io, value: unknown): number {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

function fail(io: Io, result: Exclude<CommandResult<unknown, string>, { completion: 'success' }>): number {
  const what = result.completion === 'commandErrorCode' ? result.errorCode : result.completion;
  io.stderr.write(`printer: ${what}${result.detail ? `: ${result.detail}` : ''}\n`);
  return 1;
}
