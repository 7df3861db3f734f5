import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../../support/pty-pair';
import { main as simulate } from '../../../src/devices/cli/simulate-id-scanner';

// The technician CLI as a technician runs it: a real child process through
// `npm run device`'s entry point, stdin and stdout as pipes.
function device(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/devices/cli/index.ts', ...args], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('id-scanner technician CLI', () => {
  let pty: PtyPair | undefined;
  afterEach(async () => {
    await pty?.close();
    pty = undefined;
  });

  it('decodes MRZ lines from stdin', async () => {
    const { code, stdout } = await device(['id-scanner', 'decode', '--today', '2026-01-15'], 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\n');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ result: { errorCode: 'expired' }, format: 'TD1', document: { surname: 'ERIKSSON', checks: { composite: 'valid' } } });
  });

  it('scans one document from a serial port fed by the simulator', async () => {
    pty = await openPtyPair();
    const scanning = device(['id-scanner', '--port', pty.hostPath, 'scan', '--timeout-ms', '20000']);
    // Present repeatedly until the scan process has opened its port and read one.
    let done = false;
    void scanning.then(() => (done = true));
    while (!done) {
      expect(await simulate(['--port', pty.devicePath, '--document', 'suzuki-licence', '--once'])).toBe(0);
      await new Promise((r) => setTimeout(r, 300));
    }
    const { code, stdout } = await scanning;
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ result: { completion: 'success' }, document: { nameKanji: '鈴木 一郎', documentNumber: '309512345630' } });
  });
});
