import { describe, expect, it } from 'vitest';
import { main } from '../../../src/devices/cli/id-scanner-command';
import { encodeSerialFrame } from '../../../src/devices/id-scanner/serial/serial-frame-parser';

async function decode(stdin: string | Buffer, args: string[] = ['decode', '--today', '2026-01-15']) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: (async function* () { yield typeof stdin === 'string' ? Buffer.from(stdin) : stdin; })(),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined };
}

describe('id-scanner decode', () => {
  it('prints the document with per-field validity and exits 0 for an acceptable document', async () => {
    const { code, json } = await decode('JPID/1\nTYPE:DL\nNUMBER:309012345620\nNAME:山田 太郎\nDOB:昭和60年4月12日\nADDRESS:東京都\nEXPIRY:令和11年5月12日\nEND\n');
    expect(code).toBe(0);
    expect(json).toMatchObject({ result: { completion: 'success' }, format: 'JPID/1', document: { nameKanji: '山田 太郎', checks: { documentNumber: 'valid' } } });
  });

  it('prints why a document fails and exits 1', async () => {
    const { code, json } = await decode('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n');
    expect(code).toBe(1);
    expect(json).toMatchObject({ result: { errorCode: 'expired' }, format: 'TD3', document: { checks: { composite: 'valid' } }, fields: { optionalData: 'ZE184226B' } });
  });

  it('unwraps a captured STX...ETX frame', async () => {
    const frame = encodeSerialFrame(['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6']);
    const { json } = await decode(frame, ['decode', '--today', '2012-01-01']);
    expect(json).toMatchObject({ result: { completion: 'success' }, format: 'TD2' });
  });

  it('says unreadable for garbage and refuses bad usage with exit 2', async () => {
    expect((await decode('hello')).json).toMatchObject({ result: { errorCode: 'unreadable' } });
    expect((await decode('', ['decode', '--today', 'tomorrow'])).code).toBe(2);
    expect((await decode('', ['scan'])).code).toBe(2);
    expect((await decode('', ['--hid', 'nonsense', 'scan'])).code).toBe(2);
  });
});
