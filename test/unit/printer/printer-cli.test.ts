/**
 * The printer technician CLI's argument rules and output, in-process with the
 * simulator on an in-memory link (the pty version is an integration test).
 */
import { describe, expect, it } from 'vitest';
import { main, parsePrinterArgs } from '../../../src/devices/cli/printer-command';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { PrinterSimulator } from '../../../src/devices/printer/simulator/printer-simulator';

describe('printer CLI arguments', () => {
  it('reads port, baud, timeout and command', () => {
    expect(parsePrinterArgs(['--port', '/dev/ttyUSB1', '--baud', '115200', '--timeout-ms', '300', 'test'])).toEqual({
      port: '/dev/ttyUSB1', baudRate: 115200, timeoutMs: 300, action: 'test',
    });
    expect(parsePrinterArgs(['status', '--port', 'COM4'])).toEqual({ port: 'COM4', baudRate: 9600, timeoutMs: undefined, action: 'status' });
  });

  it.each([
    [['status'], '--port PATH is required'],
    [['--port', 'x', '--baud', '4800', 'status'], '--baud must be one of 9600, 19200, 38400, 57600, 115200'],
    [['--port', 'x', 'print'], 'one command expected'],
    [['--port', 'x', 'status', 'test'], 'one command expected'],
    [['--port', 'x', '--cut', 'full', 'test'], 'unknown option --cut'],
    [['--port', 'x', '--timeout-ms', '-1', 'status'], '--timeout-ms must be a positive integer'],
    [['--port'], '--port needs a value'],
  ])('refuses %j: %s', (args, problem) => {
    expect(parsePrinterArgs(args)).toBe(problem);
  });
});

describe('printer CLI output', () => {
  async function run(args: string[], prepare: (s: PrinterSimulator) => void = () => undefined) {
    const link = createMemoryLink('cli');
    const simulator = new PrinterSimulator({ transport: link.device });
    await simulator.start();
    prepare(simulator);
    let stdout = '';
    let stderr = '';
    const code = await main(['--port', 'memory', ...args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      openTransport: () => link.host,
      now: () => new Date('2025-01-06T09:00:00Z'),
    });
    await simulator.stop();
    return { code, stdout, stderr, simulator };
  }

  it('prints the status as JSON: device, paper, cover and each condition', async () => {
    const { code, stdout, stderr } = await run(['status'], (s) => s.setPaper('nearEnd'));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({
      endpoint: 'memory', baudRate: 9600, device: 'online', paper: 'low', cover: 'closed', printing: false,
      conditions: { offline: false, coverOpen: false, paperNearEnd: true, paperEnd: false },
    });
  });

  it('prints the self-test page in Japanese and English and reports it', async () => {
    const { code, stdout, simulator } = await run(['test']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { printed: { lines: number; substituted: number; bytes: number }; status: { paper: string } };
    expect(report.printed).toMatchObject({ lines: 13, substituted: 0 });
    expect(report.status.paper).toBe('full');
    const [page] = simulator.printed();
    expect(page!.cut).toBe(true);
    expect(page!.text).toContain('プリンター自己診断');
    expect(page!.text).toContain('English: ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789');
    expect(page!.text).toContain('日時 / Time: 2025-01-06T09:00:00.000Z');
  });

  it('says paperOut on stderr with exit code 1 and prints nothing when the paper is out', async () => {
    const { code, stdout, stderr, simulator } = await run(['test'], (s) => s.setPaper('out'));
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toBe('printer: paperOut: offline, stopped by paper end, paper end\n');
    expect(simulator.printed()).toEqual([]);
  });

  it('exits 2 with usage on bad arguments', async () => {
    const { code, stderr } = await run(['--baud', '7', 'status']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: printer --port PATH');
  });
});
