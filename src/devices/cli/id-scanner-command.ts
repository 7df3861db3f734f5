/**
 * `npm run --silent device -- id-scanner ...` (docs/id-scanner.md):
 *   decode [--today YYYY-MM-DD]          parse a payload from stdin
 *   list                                 HID-POS scanners (usage page 0x8C)
 *   --port PATH [--baud N] scan [--timeout-ms N]
 *   --hid VID:PID | --hid-path PATH  scan [--timeout-ms N]
 * JSON on stdout; exit 0 for an acceptable document, 1 for any other
 * outcome (the JSON still says which), 2 for a usage error.
 */
import type { DocumentSource } from '../id-scanner/document-source';
import { classifyParse, type IdScanResult } from '../id-scanner/id-scan-result';
import { IdScannerService } from '../id-scanner/id-scanner-service';
import { listHidDevices, listHidPosScanners, openHidScanner, parseVidPid } from '../id-scanner/hid/hid-device';
import { HidDocumentSource } from '../id-scanner/hid/hid-document-source';
import { parsePayload } from '../id-scanner/payload/parse-payload';
import type { PayloadParse } from '../id-scanner/payload/parse-result';
import { SerialDocumentSource } from '../id-scanner/serial/serial-document-source';
import { SerialFrameParser, STX, type SerialFrameEvent } from '../id-scanner/serial/serial-frame-parser';
import { tokyoIsoDate } from '../id-scanner/calendar-date';
import { SerialTransport } from '../transport/serial-transport';

const USAGE = 'usage: id-scanner decode [--today YYYY-MM-DD] | list [--all] | (--port PATH [--baud N] | --hid VID:PID | --hid-path PATH) scan [--timeout-ms N]';

interface Io {
  stdin: AsyncIterable<Buffer | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

const processIo: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

export async function main(args: string[], io: Io = processIo): Promise<number> {
  const options = parseArgs(args);
  if (!options) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  switch (options.command) {
    case 'decode':
      return decode(options.today, io);
    case 'list':
      io.stdout.write(`${JSON.stringify(options.all ? await listHidDevices() : await listHidPosScanners(), null, 2)}\n`);
      return 0;
    case 'scan':
      return scan(options.source, options.timeoutMs, io);
  }
}

type Options =
  | { command: 'decode'; today: string | undefined }
  | { command: 'list'; all: boolean }
  | { command: 'scan'; source: () => DocumentSource; timeoutMs: number };

function parseArgs(args: string[]): Options | undefined {
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--all') flags.set('all', 'true');
    else if (arg.startsWith('--')) {
      const value = args[++i];
      if (value === undefined) return undefined;
      flags.set(arg.slice(2), value);
    } else words.push(arg);
  }
  const [command, ...extra] = words;
  if (extra.length > 0) return undefined;
  if (command === 'decode') {
    const today = flags.get('today');
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) return undefined;
    return { command, today };
  }
  if (command === 'list') return { command, all: flags.has('all') };
  if (command !== 'scan') return undefined;
  const timeoutMs = Number(flags.get('timeout-ms') ?? 30_000);
  if (!(timeoutMs > 0)) return undefined;
  const port = flags.get('port');
  const hid = flags.get('hid');
  const hidPath = flags.get('hid-path');
  if ([port, hid, hidPath].filter((v) => v !== undefined).length !== 1) return undefined;
  if (port !== undefined) {
    const baudRate = Number(flags.get('baud') ?? 9600);
    return { command, timeoutMs, source: () => new SerialDocumentSource({ transport: new SerialTransport({ path: port, baudRate }) }) };
  }
  if (hid !== undefined) {
    const ids = parseVidPid(hid);
    if (!ids) return undefined;
    return { command, timeoutMs, source: () => new HidDocumentSource({ device: () => openHidScanner(ids), endpoint: `hid:${hid}` }) };
  }
  return { command, timeoutMs, source: () => new HidDocumentSource({ device: () => openHidScanner({ path: hidPath! }), endpoint: hidPath! }) };
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/** A captured serial frame (STX ... ETX) is unwrapped; anything else is taken as the payload itself. */
async function unwrapFrame(input: Buffer): Promise<Buffer> {
  if (!input.includes(STX)) return input;
  const parser = new SerialFrameParser();
  const frames: Buffer[] = [];
  parser.on('data', (event: SerialFrameEvent) => { if (event.type === 'frame') frames.push(event.payload); });
  parser.end(input);
  await new Promise((resolve) => parser.once('end', resolve).resume());
  return frames[0] ?? Buffer.alloc(0);
}

async function decode(today: string | undefined, io: Io): Promise<number> {
  const todayIso = today ?? tokyoIsoDate(new Date());
  const payload = await unwrapFrame(await readAll(io.stdin));
  const parse = parsePayload(payload, { todayIso });
  const result = classifyParse(parse, todayIso);
  io.stdout.write(`${JSON.stringify(report(result, parse), null, 2)}\n`);
  return result.completion === 'success' ? 0 : 1;
}

async function scan(makeSource: () => DocumentSource, timeoutMs: number, io: Io): Promise<number> {
  const service = new IdScannerService({ source: makeSource() });
  service.on('fault', (fault) => io.stderr.write(`id-scanner: ${fault.message}\n`));
  let parse: { format?: string; findings: unknown[] } | undefined;
  service.on('documentRead', (event) => { parse = { format: event.format, findings: event.findings }; });
  const opened = await service.open();
  if (opened.completion !== 'success') {
    io.stderr.write(`id-scanner: ${opened.detail ?? opened.completion}\n`);
    return 1;
  }
  try {
    const result = await service.scan({ timeoutMs });
    io.stdout.write(`${JSON.stringify({ ...report(result), ...(parse ?? {}) }, null, 2)}\n`);
    return result.completion === 'success' ? 0 : 1;
  } finally {
    await service.close();
  }
}

/** The JSON a technician reads: outcome, then the document with its per-field checks. */
function report(result: IdScanResult, parse?: PayloadParse): Record<string, unknown> {
  const document = result.completion === 'success' ? result.value : 'document' in result ? result.document : undefined;
  const outcome = {
    completion: result.completion,
    ...('errorCode' in result ? { errorCode: result.errorCode } : {}),
    ...('detail' in result && result.detail !== undefined ? { detail: result.detail } : {}),
  };
  return {
    result: outcome,
    ...(parse?.format === undefined ? {} : { format: parse.format }),
    ...(document ? { document } : {}),
    ...('certificate' in result && result.certificate ? { certificate: result.certificate } : {}),
    ...(parse && parse.outcome === 'document' ? { fields: parse.fields } : {}),
    ...(parse && parse.outcome !== 'unsupportedDocument' ? { findings: parse.findings } : {}),
  };
}
