/**
 * The printer driver and the ESC/POS simulator over real pseudo-terminals
 * (socat) with the real serialport binding on both ends, and the technician
 * CLI as a real child process (DEVICES.md, "Test without hardware as for the
 * card reader: a simulator on a pty that answers DLE EOT and decodes what it
 * is sent"). No assertion is about time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openPtyPair, type PtyPair } from '../../support/pty-pair';
import { SerialTransport } from '../../../src/devices/transport/serial-transport';
import { PrinterService, PRINTER_BAUD_RATES } from '../../../src/devices/printer/printer-service';
import { PrinterSimulator } from '../../../src/devices/printer/simulator/printer-simulator';
import type { PrinterDocument } from '../../../src/devices/printer/printer-document';

const root = join(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'src/devices/cli/index.ts');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const serial = (path: string, baudRate = 9600) => new SerialTransport({ path, baudRate, baudRates: PRINTER_BAUD_RATES });

async function simulatorOnPty(baudRate = 9600): Promise<{ pair: PtyPair; simulator: PrinterSimulator }> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const simulator = new PrinterSimulator({ transport: serial(pair.devicePath, baudRate) });
  await simulator.start();
  cleanups.push(() => simulator.stop());
  return { pair, simulator };
}

async function rig(baudRate = 9600) {
  const { pair, simulator } = await simulatorOnPty(baudRate);
  const service = new PrinterService({ transport: serial(pair.hostPath, baudRate), pollIntervalMs: 0, statusTimeoutMs: 500, maxTries: 3 });
  cleanups.push(() => service.close());
  return { pair, simulator, service };
}

const contractChange: PrinterDocument = {
  lines: [
    { text: '極度額変更のお知らせ', style: 'title', align: 'center' },
    { text: 'デモ消費者金融株式会社 登録番号 関東財務局長(1)第00000号' },
    { text: '佐藤 花子 様' },
    { text: 'カード番号 **** **** **** 0051' },
    { text: '変更前の極度額 300,000円 / 変更後の極度額 500,000円' },
    { text: '貸付利率 年3.0%～18.0%' },
    { text: '返済方式 残高スライド元利定額返済方式' },
    { text: '変更日 2025年1月6日' },
    { text: 'お問い合わせ 0120-000-000', style: 'small' },
  ],
  cut: true,
};
const contractText = contractChange.lines.map((l) => l.text).join('\n');

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

describe('ESC/POS printer over a socat pty pair', () => {
  it('reads status and prints a Japanese contract-change document that comes back as the same text', async () => {
    const { simulator, service } = await rig();
    expect(await service.open()).toMatchObject({ completion: 'success', value: { device: 'online', paper: 'full', cover: 'closed' } });
    const result = await service.print(contractChange);
    expect(result).toMatchObject({ completion: 'success', value: { lines: 9, substituted: 0, paper: 'full' } });
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: contractText, cut: true })]);
    expect(simulator.snapshot().garbageBytes).toBe(0);
  });

  it('works the same at 115200 bps', async () => {
    const { simulator, service } = await rig(115200);
    await service.open();
    expect(await service.print(contractChange)).toMatchObject({ completion: 'success' });
    expect(simulator.printed()[0]!.text).toBe(contractText);
  });

  it('reads every condition the status bytes carry', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.setPaper('nearEnd');
    expect(await service.refreshStatus()).toMatchObject({ value: { device: 'online', paper: 'low', conditions: { paperNearEnd: true, paperEnd: false } } });
    simulator.setPaper('out');
    expect(await service.refreshStatus()).toMatchObject({ value: { device: 'offline', paper: 'out', conditions: { offline: true, stoppedByPaperEnd: true, paperEnd: true } } });
    simulator.setPaper('full');
    simulator.setCoverOpen(true);
    expect(await service.refreshStatus()).toMatchObject({ value: { device: 'offline', cover: 'open', conditions: { offline: true, coverOpen: true } } });
    simulator.setCoverOpen(false);
    simulator.setError('autoCutter');
    expect(await service.refreshStatus()).toMatchObject({ value: { device: 'hardwareError', conditions: { error: true, autoCutterError: true } } });
    simulator.setError(null);
    expect(await service.refreshStatus()).toMatchObject({ value: { device: 'online', paper: 'full', cover: 'closed' } });
  });

  it('refuses on paper out with nothing but status requests on the line', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.setPaper('out');
    expect(await service.print(contractChange)).toMatchObject({ completion: 'commandErrorCode', errorCode: 'paperOut', started: false });
    const { bytesReceived, statusRequests } = simulator.snapshot();
    expect(bytesReceived).toBe(statusRequests * 3);
  });

  it('stops when the roll ends mid-document and says the document was started', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.runOutOfPaperAfter(3);
    const result = await service.print(contractChange);
    expect(result).toMatchObject({ completion: 'commandErrorCode', errorCode: 'paperOut', started: true });
    expect(simulator.printed()).toEqual([expect.objectContaining({ cut: false, text: contractChange.lines.slice(0, 3).map((l) => l.text).join('\n') })]);
    simulator.setPaper('full');
    expect(await service.print(contractChange)).toMatchObject({ completion: 'success' });
    expect(simulator.printed().at(-1)).toEqual(expect.objectContaining({ cut: true, text: contractText }));
  });

  it('takes malformed status answers as noise and loses nothing; a printer answering only nonsense is a hardwareError', async () => {
    const { simulator, service } = await rig();
    await service.open();
    simulator.malformNextStatusReplies(1);
    expect(await service.print(contractChange)).toMatchObject({ completion: 'success' });
    expect(service.diagnostics().counters.noiseBytes).toBe(1);
    simulator.malformNextStatusReplies(3);
    const failed = await service.refreshStatus();
    expect(failed).toMatchObject({ completion: 'hardwareError' });
    expect(failed.completion !== 'success' && failed.detail).toMatch(/not status bytes .*check the baud rate/);
    // After the quiet period the next query goes through.
    await new Promise((r) => setTimeout(r, 600));
    expect(await service.refreshStatus()).toMatchObject({ completion: 'success', value: { device: 'online' } });
  });

  it('prints correctly after garbage on the line', async () => {
    const { pair, simulator, service } = await rig();
    // Garbage through a second writer on the host pty, as line noise would arrive.
    const noise = serial(pair.hostPath);
    await noise.open();
    await noise.write(Buffer.from([0x00, 0x1b, 0xee, 0x1d, 0x56, 0x09, 0xff, 0x81, 0x10, 0x05, 0x01, 0x7f]));
    await noise.close();
    // The pty delivers in its own time: the printer has taken the noise as noise before the service speaks
    // (else the bytes could arrive inside the service's own commands, a different test).
    for (let i = 0; i < 100 && simulator.snapshot().garbageBytes === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(simulator.snapshot().garbageBytes).toBeGreaterThan(0);
    await service.open();
    expect(await service.print(contractChange)).toMatchObject({ completion: 'success' });
    expect(simulator.printed().at(-1)).toEqual(expect.objectContaining({ text: contractText, cut: true }));
  });
});

describe('device CLI: printer', () => {
  it('prints status as JSON', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.setPaper('nearEnd');
    const { code, stdout, stderr } = await runCli(['printer', '--port', pair.hostPath, 'status']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ endpoint: pair.hostPath, baudRate: 9600, device: 'online', paper: 'low', cover: 'closed', conditions: { paperNearEnd: true } });
  });

  it('prints the self-test page, which the printer reads back in Japanese and English', async () => {
    const { pair, simulator } = await simulatorOnPty();
    const { code, stdout } = await runCli(['printer', '--port', pair.hostPath, 'test']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ printed: { lines: 13, substituted: 0, paper: 'full' }, status: { device: 'online' } });
    const [page] = simulator.printed();
    expect(page).toMatchObject({ cut: true });
    expect(page!.text).toMatch(/^プリンター自己診断\nPrinter self-test\n/);
    expect(page!.text).toContain('極度額 / Credit limit: 1,000,000円');
  });

  it('says coverOpen with exit code 1 when the cover is open', async () => {
    const { pair, simulator } = await simulatorOnPty();
    simulator.setCoverOpen(true);
    const { code, stdout, stderr } = await runCli(['printer', '--port', pair.hostPath, 'test']);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: 'printer: coverOpen: offline, cover open\n' });
  });

  it('says there is no status when nothing answers on the port', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const { code, stderr } = await runCli(['printer', '--port', pair.hostPath, '--timeout-ms', '100', 'status']);
    expect(code).toBe(1);
    expect(stderr).toBe(`printer: timeOut: no status from printer on ${pair.hostPath} at 9600 bps (DLE EOT 1, 3 tries): check power, cable and port\n`);
  });
});

describe('device CLI: simulate printer', () => {
  it('runs the simulator on a pty for a driver on the other end, and takes control commands', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const child: ChildProcess = spawn(tsx, [cli, 'simulate', 'printer', '--port', pair.devicePath], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    cleanups.push(() => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }));
    const lines = createInterface({ input: child.stdout! });
    const nextLine = () => new Promise<Record<string, unknown>>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
      child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    });
    expect(await nextLine()).toMatchObject({ ready: true });
    const service = new PrinterService({ transport: serial(pair.hostPath), pollIntervalMs: 0 });
    cleanups.push(() => service.close());
    await service.open();
    const printedLine = nextLine();
    expect(await service.print(contractChange)).toMatchObject({ completion: 'success' });
    expect(await printedLine).toEqual({ printed: { text: contractText, cut: true } });
    const answer = nextLine();
    child.stdin!.write('paper out\n');
    expect(await answer).toMatchObject({ state: { paper: 'out' } });
    expect(await service.print(contractChange)).toMatchObject({ completion: 'commandErrorCode', errorCode: 'paperOut', started: false });
  });
});
