/**
 * The technician CLI and the demo simulator as real child processes on a
 * socat pty pair: what a technician types is what is tested.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openPtyPair } from '../../support/pty-pair';
import { SerialTransport } from '../../../src/devices/transport/serial-transport';
import { Crt310Simulator } from '../../../src/devices/card-reader/simulator/crt310-simulator';
import { CardReaderService } from '../../../src/devices/card-reader/card-reader-service';
import { demoTracks } from '../../../src/devices/card-reader/simulator/demo-card';

const root = join(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/devices/cli/index.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function simulatorOnPty() {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const simulator = new Crt310Simulator({ transport: new SerialTransport({ path: pair.devicePath }) });
  await simulator.start();
  cleanups.push(() => simulator.stop());
  return { pair, simulator };
}

describe('device CLI: card-reader', () => {
  it('reads a card and prints the card number, expiry and track statuses as JSON', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.insertCard(demoTracks('4000000002'));
    const { code, stdout, stderr } = await runCli(['card-reader', '--port', pair.hostPath, 'read']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      cardNumber: '4000000002',
      expiry: '2030-12',
      tracks: { track1: { status: 'ok' }, track2: { status: 'ok' }, track3: { status: 'dataMissing' } },
    });
  });

  it('prints a masked trace: the traffic, but no track data and no card number', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.insertCard(demoTracks('4000000002'));
    const { code, stdout } = await runCli(['card-reader', '--port', pair.hostPath, 'trace', 'read']);
    expect(code).toBe(0);
    const trace = JSON.parse(stdout) as { trace: { hex: string }[]; counters: { commands: number } };
    expect(trace.trace.map((e) => e.hex)).toContain('02 00 04 45 30 30 37 03 77');
    expect(stdout).not.toContain('4000000002');
    expect(stdout).not.toContain('34 30 30 30 30 30 30 30 30 32');
    // Issue 15: every byte after CM PM of a read reply is masked, block headers included.
    expect(stdout).toMatch(/45 30 (\*\* )+03 \*\*/);
  });

  it('ejects and captures, and says noMedia with exit code 1 when there is no card', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.insertCard(demoTracks('4000000002'));
    expect((await runCli(['card-reader', '--port', pair.hostPath, 'eject'])).code).toBe(0);
    expect(simulator.snapshot().position).toBe('frontHeld');
    expect((await runCli(['card-reader', '--port', pair.hostPath, 'capture'])).code).toBe(0);
    expect(simulator.snapshot().retained).toBe(1);
    const failed = await runCli(['card-reader', '--port', pair.hostPath, 'read']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe('card-reader: noMedia\n');
  });

  it('prints the track statuses and a one-line error for a card with a bad track 2', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.insertCard({ track2: { text: demoTracks('4000000002').track2, fault: 'parity' } });
    const { code, stdout, stderr } = await runCli(['card-reader', '--port', pair.hostPath, 'read', '--binary']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ tracks: { track1: { status: 'dataMissing' }, track2: { status: 'dataInvalid', reason: 'parity' }, track3: { status: 'dataMissing' } } });
    expect(stderr).toBe('card-reader: invalidMedia: track 2 parity\n');
  });

  it('says to check the baud rate when the reader runs at another rate', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const simulator = new Crt310Simulator({ transport: new SerialTransport({ path: pair.devicePath, baudRate: 38400 }), baudRate: 38400, lineBaudRate: 9600 });
    await simulator.start();
    cleanups.push(() => simulator.stop());
    const { code, stderr } = await runCli(['card-reader', '--port', pair.hostPath, '--baud', '9600', 'status']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^card-reader: timeOut: no valid reply from card reader at 9600 bps .*check the baud rate \(reader default 9600\)\n$/);
  });

  it('rejects bad usage with exit code 2', async () => {
    const { code, stderr } = await runCli(['card-reader', 'read']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^card-reader: --port PATH is required\nusage: /);
  });
});

describe('device CLI: simulate card-reader', () => {
  it('runs the simulator on a pty with a card inserted, for the driver on the other end', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const child: ChildProcess = spawn(tsx, [cli, 'simulate', 'card-reader', '--port', pair.devicePath, '--card', '4000000003'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }));
    const lines = createInterface({ input: child.stdout! });
    const ready = await new Promise<{ ready: boolean }>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as { ready: boolean }));
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    expect(ready.ready).toBe(true);
    const service = new CardReaderService({ transport: new SerialTransport({ path: pair.hostPath }), pollIntervalMs: 0, retainBin: { high: 1, full: 2 } });
    cleanups.push(() => service.close());
    expect(await service.open()).toMatchObject({ completion: 'success', value: { media: 'present' } });
    expect(await service.readRawData({ track2: true })).toMatchObject({ completion: 'success', value: { cardNumber: '4000000003' } });
    // Control commands on stdin: jam the card, then the eject fails as a jam.
    const answer = new Promise<string>((resolve) => lines.once('line', resolve));
    child.stdin!.write('jam\n');
    expect(JSON.parse(await answer)).toMatchObject({ state: { jammed: true } });
    expect(await service.move({ to: 'exit' })).toMatchObject({ completion: 'commandErrorCode', errorCode: 'mediaJam' });
  });
});
