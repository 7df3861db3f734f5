/**
 * The identity-document scanner simulator in serial mode on a real port or
 * pty (docs/id-scanner.md, "Simulator"):
 *
 *   simulate id-scanner --port PATH [--document ID] [--once] [--baud N]
 *   simulate id-scanner --list
 *
 * With --document, that document is presented once the port is open; with
 * --once the process then exits. Otherwise it reads commands from stdin, one
 * per line, until `quit`, SIGINT or SIGTERM (end of stdin does not stop it, so
 * it can run in the background):
 *   present ID | unreadable | corrupted [ID [FIELD]] | truncated [ID] | remove | list | quit
 */
import { createInterface } from 'node:readline';
import { IdScannerSimulator, type CorruptibleField } from '../id-scanner/simulator/id-scanner-simulator';
import { scannerDemoDocuments } from '../id-scanner/simulator/demo-documents';
import { SerialTransport } from '../transport/serial-transport';

const USAGE = 'usage: simulate id-scanner --port PATH [--document ID] [--once] [--baud N] | --list';
const FIELDS: readonly CorruptibleField[] = ['documentNumber', 'dateOfBirth', 'expiryDate', 'optionalData', 'composite'];

export async function main(args: string[]): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--once' || arg === '--list') flags.set(arg.slice(2), 'true');
    else if (arg.startsWith('--') && args[i + 1] !== undefined) flags.set(arg.slice(2), args[++i]!);
    else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  if (flags.has('list')) {
    process.stdout.write(`${JSON.stringify(scannerDemoDocuments().map(({ id, label }) => ({ id, label })), null, 2)}\n`);
    return 0;
  }
  const path = flags.get('port');
  const documentId = flags.get('document');
  if (!path || (flags.has('once') && !documentId)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (documentId && !scannerDemoDocuments().some((d) => d.id === documentId)) {
    process.stderr.write(`simulate id-scanner: no demo document ${documentId} (try --list)\n`);
    return 2;
  }

  const simulator = new IdScannerSimulator({ kind: 'serial', transport: new SerialTransport({ path, baudRate: Number(flags.get('baud') ?? 9600) }) });
  await simulator.start();
  process.stderr.write(`simulate id-scanner: serial mode on ${path}\n`);
  if (documentId) {
    await simulator.present(documentId);
    process.stderr.write(`presented ${documentId}\n`);
  }
  if (flags.has('once')) {
    await simulator.stop();
    return 0;
  }

  return new Promise<number>((resolve) => {
    const finish = async (code: number) => {
      lines.close();
      await simulator.stop();
      resolve(code);
    };
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      runCommand(simulator, line.trim().split(/\s+/)).then(
        (outcome) => {
          if (outcome === 'quit') void finish(0);
          else if (outcome) process.stderr.write(`${outcome}\n`);
        },
        (error: Error) => process.stderr.write(`simulate id-scanner: ${error.message}\n`),
      );
    });
    process.once('SIGINT', () => void finish(0));
    process.once('SIGTERM', () => void finish(0));
  });
}

async function runCommand(simulator: IdScannerSimulator, [command, ...args]: string[]): Promise<string | 'quit' | undefined> {
  switch (command) {
    case undefined:
    case '':
      return undefined;
    case 'present':
      if (!args[0]) return 'present ID';
      await simulator.present(args[0]);
      return `presented ${args[0]}`;
    case 'unreadable':
      await simulator.presentUnreadable();
      return 'presented an unreadable scan';
    case 'corrupted': {
      const field = (args[1] ?? 'dateOfBirth') as CorruptibleField;
      if (!FIELDS.includes(field)) return `FIELD is one of ${FIELDS.join(', ')}`;
      await simulator.presentCorrupted(args[0], field);
      return `presented ${args[0] ?? 'sato-passport'} with a bad ${field} check digit`;
    }
    case 'truncated':
      await simulator.presentTruncated(args[0]);
      return `sent half of ${args[0] ?? 'sato-passport'} without ETX`;
    case 'remove':
      simulator.remove();
      return 'removed';
    case 'list':
      return scannerDemoDocuments().map((d) => `${d.id}\t${d.label}`).join('\n');
    case 'quit':
      return 'quit';
    default:
      return 'commands: present ID | unreadable | corrupted [ID [FIELD]] | truncated [ID] | remove | list | quit';
  }
}
