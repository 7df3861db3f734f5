import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A linked pair of real pseudo-terminals made by socat (DEVICES.md, "Test
 * rigs without hardware"). The driver opens `hostPath` with serialport
 * exactly as it would open /dev/ttyUSB0; the simulator opens `devicePath`.
 * Fails loudly when socat is missing: an integration test never skips.
 */
export interface PtyPair {
  hostPath: string;
  devicePath: string;
  /** The link goes away as when a USB-serial adapter is pulled: both ptys vanish and open ports fail on their next write. */
  unplug(): Promise<void>;
  /** A fresh pair at the same two paths, as when the adapter is plugged back in. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export function requireSocat(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v socat'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('socat is required for serial integration tests: apt-get install socat');
  }
}

async function startSocat(socat: string, hostPath: string, devicePath: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn(socat, [
    '-d', '-d',
    `pty,raw,echo=0,link=${hostPath}`,
    `pty,raw,echo=0,link=${devicePath}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });

  const deadline = Date.now() + 10_000;
  while (!(existsSync(hostPath) && existsSync(devicePath) && stderr.includes('starting data transfer loop'))) {
    if (child.exitCode !== null) throw new Error(`socat exited: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create the pty pair in time: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

async function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export async function openPtyPair(): Promise<PtyPair> {
  const socat = requireSocat();
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const hostPath = join(dir, 'host');
  const devicePath = join(dir, 'device');
  let child = await startSocat(socat, hostPath, devicePath);

  return {
    hostPath,
    devicePath,
    async unplug() {
      await stopSocat(child);
    },
    async replug() {
      await stopSocat(child);
      child = await startSocat(socat, hostPath, devicePath);
    },
    async close() {
      await stopSocat(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
