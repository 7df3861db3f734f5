/**
 * The technician CLI's argument rules and output, in-process with the
 * simulator on an in-memory link (the pty version is an integration test).
 */
import { describe, expect, it } from 'vitest';
import { main, parseCardReaderArgs } from '../../../src/devices/cli/card-reader-command';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { Crt310Simulator } from '../../../src/devices/card-reader/simulator/crt310-simulator';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';

describe('card-reader CLI arguments', () => {
  it('reads port, baud, timeout and command', () => {
    expect(parseCardReaderArgs(['--port', '/dev/ttyUSB0', '--baud', '38400', '--timeout-ms', '500', 'read', '--binary'])).toEqual({
      port: '/dev/ttyUSB0', baudRate: 38400, timeoutMs: 500, action: 'read', trace: false, resetTo: 'currentPosition', binary: true,
    });
  });

  it('runs trace with status when no command is given', () => {
    expect(parseCardReaderArgs(['--port', 'COM3', 'trace'])).toMatchObject({ action: 'status', trace: true });
  });

  it.each([
    [['status'], '--port PATH is required'],
    [['--port', 'x', '--baud', '115200', 'status'], '--baud must be one of 1200, 2400, 4800, 9600, 19200, 38400'],
    [['--port', 'x', 'format'], 'one command expected'],
    [['--port', 'x', 'read', 'eject'], 'one command expected'],
    [['--port', 'x', '--to', 'exit', 'read'], '--to applies to reset only'],
    [['--port', 'x', '--to', 'bin', 'reset'], '--to must be exit, retain or keep'],
    [['--port', 'x', '--verbose', 'yes', 'status'], 'unknown option --verbose'],
    [['--port', 'x', '--timeout-ms', '0', 'status'], '--timeout-ms must be a positive integer'],
  ])('refuses %j: %s', (args, problem) => {
    expect(parseCardReaderArgs(args)).toBe(problem);
  });
});

describe('card-reader CLI output', () => {
  async function run(args: string[], prepare: (s: Crt310Simulator) => void = () => undefined) {
    const link = createMemoryLink('cli');
    const simulator = new Crt310Simulator({ transport: link.device });
    await simulator.start();
    prepare(simulator);
    let stdout = '';
    let stderr = '';
    const code = await main(['--port', 'memory', ...args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      openTransport: () => link.host,
    });
    await simulator.stop();
    return { code, stdout, stderr };
  }

  it('prints the firmware version on reset', async () => {
    const { code, stdout } = await run(['reset']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ firmware: 'CRT-310 V3.0 SIM' });
  });

  it('prints the full card number on read, and nothing on stderr', async () => {
    const { code, stdout, stderr } = await run(['read'], (s) => s.insertCard(demoTracks('4000000000000051')));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ cardNumber: '4000000000000051', expiry: '2030-12' });
  });

  it('exits 2 with usage on bad arguments', async () => {
    const { code, stderr } = await run(['--baud', '7', 'status']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: card-reader');
  });
});
