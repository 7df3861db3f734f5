/**
 * `npm run device -- simulate card-reader --port PATH [--baud N] [--line-baud N] [--card NUMBER] [--expiry YYMM] [--retain-capacity N]`
 *
 * Runs the CRT-310 simulator on PATH (the device end of
 * `socat -d -d pty,raw,echo=0,link=/tmp/reader-host pty,raw,echo=0,link=/tmp/reader-device`),
 * with the card NUMBER inserted, so the kiosk or `device -- card-reader --port
 * /tmp/reader-host read` can talk to it. Prints one JSON line when ready and
 * one per control command; runs until SIGINT or SIGTERM.
 *
 * Control commands, one per line on stdin (the dev host's panel uses the same
 * API in-process): insert NUMBER [long|short] | remove | jam | clear-jam |
 * nak N | corrupt N | slow MS | silent on|off | power off|on|mid-reply |
 * line-baud N | empty-bin | state
 *
 * `--line-baud` models a host port set to another rate (ptys pass bytes at
 * any rate): the simulator then answers with noise.
 */
import { Crt310Simulator } from '../card-reader/simulator/crt310-simulator';
import { demoTracks } from '../card-reader/simulator/demo-card';
import type { CardReaderBaudRate } from '../card-reader/crt310-bytes';
import { SerialTransport, SUPPORTED_BAUD_RATES } from '../transport/serial-transport';
import { isValidCardNumber } from '../../shared/domain/card-number';
import { parseFlags, runPtySimulator, usageError, type ControlHandlers } from './pty-simulator';

const COMMAND = 'simulate card-reader';
const USAGE = 'usage: simulate card-reader --port PATH [--baud N] [--line-baud N] [--card NUMBER] [--expiry YYMM] [--retain-capacity N]';

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(args, ['port', 'baud', 'line-baud', 'card', 'expiry', 'retain-capacity']);
  if (typeof flags === 'string') return usage(flags);
  const port = flags.get('port');
  if (!port) return usage('--port PATH is required');
  const baudRate = Number(flags.get('baud') ?? 9600);
  const lineBaudRate = Number(flags.get('line-baud') ?? baudRate);
  if (!(SUPPORTED_BAUD_RATES as readonly number[]).includes(baudRate)) return usage(`--baud must be one of ${SUPPORTED_BAUD_RATES.join(', ')}`);
  const card = flags.get('card');
  if (card !== undefined && !isValidCardNumber(card)) return usage('--card must be 10, 15 or 16 digits');
  const expiry = flags.get('expiry');
  if (expiry !== undefined && !/^\d{2}(0[1-9]|1[0-2])$/.test(expiry)) return usage('--expiry must be YYMM');
  const capacity = Number(flags.get('retain-capacity') ?? 50);
  if (!(Number.isInteger(capacity) && capacity >= 0)) return usage('--retain-capacity must be a whole number');

  const simulator = new Crt310Simulator({
    transport: new SerialTransport({ path: port, baudRate }),
    baudRate: baudRate as CardReaderBaudRate,
    lineBaudRate,
    retainBinCapacity: capacity,
  });
  return runPtySimulator({
    command: COMMAND,
    simulator,
    ready: { port, baudRate },
    handlers: handlers(simulator, expiry),
    started: () => {
      if (card) simulator.insertCard(demoTracks(card, expiry === undefined ? {} : { expiry }));
    },
  });
}

function handlers(simulator: Crt310Simulator, expiry: string | undefined): ControlHandlers {
  return {
    insert: ([arg, extra]) => {
      if (!arg || !isValidCardNumber(arg)) return { error: 'insert needs a 10, 15 or 16 digit card number' };
      const size = extra === 'long' || extra === 'short' ? extra : 'normal';
      return { inserted: simulator.insertCard({ ...demoTracks(arg, expiry === undefined ? {} : { expiry }), size }) };
    },
    remove: () => ({ removed: simulator.removeCard() }),
    jam: () => {
      simulator.jam();
    },
    'clear-jam': () => {
      simulator.clearJam();
    },
    nak: ([arg]) => {
      simulator.nakNext(Number(arg) || 1);
    },
    corrupt: ([arg]) => {
      simulator.corruptNextReplies(Number(arg) || 1);
    },
    slow: ([arg]) => {
      simulator.setReplyDelay(Number(arg) || 0);
    },
    silent: ([arg]) => {
      simulator.setSilent(arg !== 'off');
    },
    power: ([arg]) => {
      if (arg === 'on') simulator.powerRestore();
      else simulator.powerLoss({ midReply: arg === 'mid-reply' });
    },
    'line-baud': ([arg]) => {
      simulator.setLineBaudRate(Number(arg));
    },
    'empty-bin': () => {
      simulator.emptyRetainBin();
    },
  };
}

function usage(problem: string): number {
  return usageError(COMMAND, USAGE, problem);
}
