/**
 * `npm run device -- simulate printer --port PATH [--baud N]`
 *
 * Runs the ESC/POS printer simulator on PATH (the device end of
 * `socat -d -d pty,raw,echo=0,link=/tmp/printer-host pty,raw,echo=0,link=/tmp/printer-device`),
 * so the kiosk or `device -- printer --port /tmp/printer-host test` can talk
 * to it. Prints one JSON line when ready, one per document cut off the roll
 * (`{"printed": {"text": ..., "cut": true}}`) and one per control command;
 * runs until SIGINT or SIGTERM.
 *
 * Control commands, one per line on stdin (the dev host's panel uses the same
 * API in-process): paper full|near-end|out | paper-after N | cover open|closed |
 * offline on|off | error auto-cutter|unrecoverable|auto-recoverable|none |
 * silent on|off | slow MS | malform N | printed | clear | state
 */
import { createInterface } from 'node:readline';
import { PrinterSimulator, type SimulatedPrinterError } from '../printer/simulator/printer-simulator';
import { PRINTER_BAUD_RATES } from '../printer/printer-service';
import { SerialTransport } from '../transport/serial-transport';

const USAGE = 'usage: simulate printer --port PATH [--baud N]';

export async function main(args: string[]): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1]];
    if (!name.startsWith('--') || value === undefined) return usage(`unexpected ${name}`);
    flags.set(name.slice(2), value);
  }
  for (const name of flags.keys()) {
    if (!['port', 'baud'].includes(name)) return usage(`unknown option --${name}`);
  }
  const port = flags.get('port');
  if (!port) return usage('--port PATH is required');
  const baudRate = Number(flags.get('baud') ?? 9600);
  if (!(PRINTER_BAUD_RATES as readonly number[]).includes(baudRate)) return usage(`--baud must be one of ${PRINTER_BAUD_RATES.join(', ')}`);

  const simulator = new PrinterSimulator({ transport: new SerialTransport({ path: port, baudRate, baudRates: PRINTER_BAUD_RATES }) });
  try {
    await simulator.start();
  } catch (error) {
    process.stderr.write(`simulate printer: ${(error as Error).message}\n`);
    return 1;
  }
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ ready: true, port, baudRate, state: simulator.snapshot() });
  simulator.on('printed', (document) => say({ printed: { text: document.text, cut: document.cut } }));

  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => say(control(simulator, line.trim().split(/\s+/))));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  lines.close();
  await simulator.stop();
  return 0;
}

const ERRORS: Record<string, SimulatedPrinterError | null> = {
  'auto-cutter': 'autoCutter',
  'unrecoverable': 'unrecoverable',
  'auto-recoverable': 'autoRecoverable',
  'none': null,
};

function control(simulator: PrinterSimulator, [verb, arg]: string[]): unknown {
  const count = Number(arg);
  switch (verb) {
    case 'paper':
      if (arg === 'full') simulator.setPaper('full');
      else if (arg === 'near-end') simulator.setPaper('nearEnd');
      else if (arg === 'out') simulator.setPaper('out');
      else return { error: 'paper full|near-end|out' };
      break;
    case 'paper-after':
      if (!(Number.isInteger(count) && count >= 0)) return { error: 'paper-after needs a whole number of lines' };
      simulator.runOutOfPaperAfter(count);
      break;
    case 'cover':
      simulator.setCoverOpen(arg === 'open');
      break;
    case 'offline':
      simulator.setOffline(arg !== 'off');
      break;
    case 'error': {
      const error = arg === undefined ? undefined : ERRORS[arg];
      if (error === undefined) return { error: `error ${Object.keys(ERRORS).join('|')}` };
      simulator.setError(error);
      break;
    }
    case 'silent':
      simulator.setSilent(arg !== 'off');
      break;
    case 'slow':
      simulator.setStatusDelay(count || 0);
      break;
    case 'malform':
      simulator.malformNextStatusReplies(count || 1);
      break;
    case 'printed':
      return { printed: simulator.printed().map(({ text, cut }) => ({ text, cut })) };
    case 'clear':
      simulator.clearPrinted();
      break;
    case 'state':
    case '':
      break;
    default:
      return { error: `unknown control command ${verb}` };
  }
  return { state: simulator.snapshot() };
}

function usage(problem: string): number {
  process.stderr.write(`simulate printer: ${problem}\n${USAGE}\n`);
  return 2;
}
