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
import { PrinterSimulator, type SimulatedPrinterError } from '../printer/simulator/printer-simulator';
import { PRINTER_BAUD_RATES } from '../printer/printer-service';
import { SerialTransport } from '../transport/serial-transport';
import { parseFlags, runPtySimulator, usageError, type ControlHandlers } from './pty-simulator';

const COMMAND = 'simulate printer';
const USAGE = 'usage: simulate printer --port PATH [--baud N]';

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['port', 'baud']);
  if (typeof flags === 'string') return usage(flags);
  const port = flags.get('port');
  if (!port) return usage('--port PATH is required');
  const baudRate = Number(flags.get('baud') ?? 9600);
  if (!(PRINTER_BAUD_RATES as readonly number[]).includes(baudRate)) return usage(`--baud must be one of ${PRINTER_BAUD_RATES.join(', ')}`);

  const simulator = new PrinterSimulator({ transport: new SerialTransport({ path: port, baudRate, baudRates: PRINTER_BAUD_RATES }) });
  return runPtySimulator({
    command: COMMAND,
    simulator,
    ready: { port, baudRate },
    handlers: handlers(simulator),
    announce: (say) => simulator.on('printed', (document) => say({ printed: { text: document.text, cut: document.cut } })),
  });
}

const ERRORS: Record<string, SimulatedPrinterError | null> = {
  'auto-cutter': 'autoCutter',
  'unrecoverable': 'unrecoverable',
  'auto-recoverable': 'autoRecoverable',
  'none': null,
};

function handlers(simulator: PrinterSimulator): ControlHandlers {
  return {
    paper: ([arg]) => {
      if (arg === 'full') simulator.setPaper('full');
      else if (arg === 'near-end') simulator.setPaper('nearEnd');
      else if (arg === 'out') simulator.setPaper('out');
      else return { error: 'paper full|near-end|out' };
      return undefined;
    },
    'paper-after': ([arg]) => {
      const count = Number(arg);
      if (!(Number.isInteger(count) && count >= 0)) return { error: 'paper-after needs a whole number of lines' };
      simulator.runOutOfPaperAfter(count);
      return undefined;
    },
    cover: ([arg]) => {
      simulator.setCoverOpen(arg === 'open');
    },
    offline: ([arg]) => {
      simulator.setOffline(arg !== 'off');
    },
    error: ([arg]) => {
      const error = arg === undefined ? undefined : ERRORS[arg];
      if (error === undefined) return { error: `error ${Object.keys(ERRORS).join('|')}` };
      simulator.setError(error);
      return undefined;
    },
    silent: ([arg]) => {
      simulator.setSilent(arg !== 'off');
    },
    slow: ([arg]) => {
      simulator.setStatusDelay(Number(arg) || 0);
    },
    malform: ([arg]) => {
      simulator.malformNextStatusReplies(Number(arg) || 1);
    },
    printed: () => ({ printed: simulator.printed().map(({ text, cut }) => ({ text, cut })) }),
    clear: () => {
      simulator.clearPrinted();
    },
  };
}

function usage(problem: string): number {
  return usageError(COMMAND, USAGE, problem);
}
