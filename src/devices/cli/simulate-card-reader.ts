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
import { createInterface } from 'node:readline';
import { Crt310Simulator } from '../card-reader/simulator/crt310-simulator';
import { demoTracks } from '../card-reader/simulator/demo-card';
import type { CardReaderBaudRate } from '../card-reader/crt310-bytes';
import { SerialTransport, SUPPORTED_BAUD_RATES } from '../transport/serial-transport';
import { isValidCardNumber } from '../../shared/domain/card-number';

const USAGE = 'usage: simulate card-reader --port PATH [--baud N] [--line-baud N] [--card NUMBER] [--expiry YYMM] [--retain-capacity N]';

export async function main(args: string[]): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i]!, args[i + 1]];
    if (!name.startsWith('--') || value === undefined) return usage(`unexpected ${name}`);
    flags.set(name.slice(2), value);
  }
  for (const name of flags.keys()) {
    if (!['port', 'baud', 'line-baud', 'card', 'expiry', 'retain-capacity'].includes(name)) return usage(`unknown option --${name}`);
  }
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
  try {
    await simulator.start();
  } catch (error) {
    process.stderr.write(`simulate card-reader: ${(error as Error).message}\n`);
    return 1;
  }
  if (card) simulator.insertCard(demoTracks(card, expiry === undefined ? {} : { expiry }));
  const say = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  say({ ready: true, port, baudRate, state: simulator.snapshot() });

  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => say(control(simulator, line.trim().split(/\s+/), expiry)));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  lines.close();
  await simulator.stop();
  return 0;
}

function control(simulator: Crt310Simulator, [verb, arg, extra]: string[], expiry: string | undefined): unknown {
  const count = Number(arg);
  switch (verb) {
    case 'insert': {
      if (!arg || !isValidCardNumber(arg)) return { error: 'insert needs a 10, 15 or 16 digit card number' };
      const size = extra === 'long' || extra === 'short' ? extra : 'normal';
      return { inserted: simulator.insertCard({ ...demoTracks(arg, expiry === undefined ? {} : { expiry }), size }) };
    }
    case 'remove':
      return { removed: simulator.removeCard() };
    case 'jam':
      simulator.jam();
      break;
    case 'clear-jam':
      simulator.clearJam();
      break;
    case 'nak':
      simulator.nakNext(count || 1);
      break;
    case 'corrupt':
      simulator.corruptNextReplies(count || 1);
      break;
    case 'slow':
      simulator.setReplyDelay(count || 0);
      break;
    case 'silent':
      simulator.setSilent(arg !== 'off');
      break;
    case 'power':
      if (arg === 'on') simulator.powerRestore();
      else simulator.powerLoss({ midReply: arg === 'mid-reply' });
      break;
    case 'line-baud':
      simulator.setLineBaudRate(count);
      break;
    case 'empty-bin':
      simulator.emptyRetainBin();
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
  process.stderr.write(`simulate card-reader: ${problem}\n${USAGE}\n`);
  return 2;
}
