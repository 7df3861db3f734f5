/**
 * The ESC/POS printer simulator as a peer on the byte link: it reads the
 * encoder's bytes back into the same text, answers DLE EOT with the status
 * bytes of its state, and shrugs off garbage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryLink } from '../../../src/devices/transport/memory-link';
import { PrinterSimulator, type PrinterSimulatorOptions } from '../../../src/devices/printer/simulator/printer-simulator';
import { EscPosStreamDecoder, type EscPosToken } from '../../../src/devices/printer/simulator/escpos-stream-decoder';
import { documentBytes, encodeDocument } from '../../../src/devices/printer/escpos-encoder';
import { statusRequest } from '../../../src/devices/printer/escpos-bytes';
import { contractChangeDocument, settle } from './support';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function rig(options: Omit<PrinterSimulatorOptions, 'transport'> = {}) {
  const link = createMemoryLink('printer-simulator');
  await link.host.open();
  const simulator = new PrinterSimulator({ ...options, transport: link.device });
  await simulator.start();
  stops.push(() => simulator.stop());
  const replies: number[] = [];
  link.host.onData((chunk) => replies.push(...chunk));
  const send = async (bytes: Uint8Array) => {
    await link.host.write(bytes);
    await settle();
  };
  /** The answers to DLE EOT 1..4, in order. */
  const status = async () => {
    replies.length = 0;
    for (const n of [1, 2, 3, 4] as const) await send(Buffer.from(statusRequest(n)));
    return replies.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  };
  return { link, simulator, send, status, replies };
}

const expectedText = (lines: { text: string }[]) => lines.map((line) => line.text).join('\n');

describe('printing what the driver encodes', () => {
  it('gives back the same Japanese text, cut, with the title bold, double size and centred', async () => {
    const { simulator, send } = await rig();
    const document = contractChangeDocument();
    await send(documentBytes(encodeDocument(document)));
    const printed = simulator.printed();
    expect(printed).toHaveLength(1);
    expect(printed[0]!.cut).toBe(true);
    expect(printed[0]!.text).toBe(expectedText(document.lines));
    expect(printed[0]!.lines[0]).toEqual({ text: '極度額変更のお知らせ', align: 'center', bold: true, width: 2, height: 2, font: 'A' });
    expect(printed[0]!.lines[2]).toMatchObject({ text: 'デモ消費者金融株式会社', align: 'left', bold: false, width: 1, height: 1 });
    expect(printed[0]!.lines.at(-1)).toMatchObject({ text: 'お問い合わせ 0120-000-000', font: 'B' });
    expect(simulator.snapshot()).toMatchObject({ garbageBytes: 0, documentsCut: 1, kanjiMode: false, kanjiCodeSystem: 'shiftJis' });
  });

  it('reads the same text when the bytes arrive one at a time (every split point)', async () => {
    const { simulator, send } = await rig();
    const document = contractChangeDocument();
    for (const byte of documentBytes(encodeDocument(document))) await send(Buffer.from([byte]));
    expect(simulator.printed().map((d) => d.text)).toEqual([expectedText(document.lines)]);
  });

  it('misprints kanji sent without FS C 1, as a printer left in JIS mode would (the simulator is not lenient)', async () => {
    const { simulator, send } = await rig({ kanjiCodeSystemAtInitialise: 'jis' });
    // ESC @, FS &, 極 in Shift_JIS, FS ., LF, cut: no FS C 1.
    await send(Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0x8b, 0xc9, 0x1c, 0x2e, 0x0a, 0x1d, 0x56, 0x00]));
    expect(simulator.printed()[0]!.text).not.toContain('極');
    expect(simulator.snapshot().garbageBytes).toBeGreaterThan(0);
  });

  it('reads JIS kanji codes when FS C 0 selects them', async () => {
    const { simulator, send } = await rig();
    // 亜 is JIS 3021, あ is 2422.
    await send(Buffer.from([0x1b, 0x40, 0x1c, 0x43, 0x00, 0x1c, 0x26, 0x30, 0x21, 0x24, 0x22, 0x1c, 0x2e, 0x0a, 0x1d, 0x56, 0x01]));
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: '亜あ', cut: true })]);
  });

  it('keeps an uncut page as its own document when the next job starts with ESC @', async () => {
    const { simulator, send } = await rig();
    await send(documentBytes(encodeDocument({ lines: [{ text: 'first' }], cut: false })));
    expect(simulator.printed()).toEqual([expect.objectContaining({ text: 'first', cut: false })]);
    await send(documentBytes(encodeDocument({ lines: [{ text: 'second' }], cut: true })));
    expect(simulator.printed().map(({ text, cut }) => ({ text, cut }))).toEqual([{ text: 'first', cut: false }, { text: 'second', cut: true }]);
  });
});

describe('real-time status answers', () => {
  it('answers 12 12 12 12 when ready', async () => {
    const { status } = await rig();
    expect(await status()).toBe('12 12 12 12');
  });

  it.each([
    { name: 'paper near end', set: (s: PrinterSimulator) => s.setPaper('nearEnd'), bytes: '12 12 12 1E' },
    { name: 'paper out', set: (s: PrinterSimulator) => s.setPaper('out'), bytes: '1A 32 12 7E' },
    { name: 'cover open', set: (s: PrinterSimulator) => s.setCoverOpen(true), bytes: '1A 16 12 12' },
    { name: 'offline', set: (s: PrinterSimulator) => s.setOffline(true), bytes: '1A 12 12 12' },
    { name: 'auto-cutter error', set: (s: PrinterSimulator) => s.setError('autoCutter'), bytes: '1A 52 1A 12' },
    { name: 'unrecoverable error', set: (s: PrinterSimulator) => s.setError('unrecoverable'), bytes: '1A 52 32 12' },
    { name: 'auto-recoverable error', set: (s: PrinterSimulator) => s.setError('autoRecoverable'), bytes: '1A 52 52 12' },
  ])('$name: DLE EOT 1..4 answered $bytes', async ({ set, bytes }) => {
    const { simulator, status } = await rig();
    set(simulator);
    expect(await status()).toBe(bytes);
  });

  it('answers DLE EOT in the middle of a document, between commands', async () => {
    const { simulator, send, replies } = await rig();
    const encoded = encodeDocument({ lines: [{ text: '一行目' }, { text: '二行目' }], cut: true });
    await send(Buffer.concat([encoded.prologue, encoded.lines[0]!, Buffer.from(statusRequest(4)), encoded.lines[1]!, encoded.epilogue]));
    expect(replies).toEqual([0x12]);
    expect(simulator.printed()[0]!.text).toBe('一行目\n二行目');
  });

  it('sends malformed answers when told to, then good ones again', async () => {
    const { simulator, status } = await rig();
    simulator.malformNextStatusReplies(2);
    expect(await status()).toBe('00 00 12 12');
  });
});

describe('paper running out', () => {
  it('stops printing when the roll ends part way, and leaves the page uncut', async () => {
    const { simulator, send, status } = await rig();
    simulator.runOutOfPaperAfter(3);
    const document = contractChangeDocument();
    await send(documentBytes(encodeDocument(document)));
    const [page] = simulator.printed();
    expect(page).toEqual(expect.objectContaining({ cut: false, text: expectedText(document.lines.slice(0, 3)) }));
    expect(simulator.snapshot()).toMatchObject({ paper: 'out', canPrint: false, documentsCut: 0 });
    expect(simulator.snapshot().discarded).toBeGreaterThan(0);
    expect(await status()).toBe('1A 32 12 7E');
  });

  it('prints nothing while the cover is open', async () => {
    const { simulator, send } = await rig();
    simulator.setCoverOpen(true);
    await send(documentBytes(encodeDocument(contractChangeDocument())));
    expect(simulator.printed()).toEqual([]);
  });
});

describe('garbage', () => {
  it('counts garbage by kind, never throws, and prints the next document cleanly after ESC @', async () => {
    const { simulator, send, status } = await rig();
    await send(Buffer.from([0x01, 0x02, 0x1b, 0x99, 0x1d, 0x56, 0x07, 0x1c, 0x43, 0x09, 0x10, 0x04, 0x09, 0x80, 0xff]));
    expect(simulator.snapshot().garbage).toEqual({ controlByte: 2, unknownCommand: 2, badParameter: 9, unprintable: 2, badKanji: 0, truncated: 0 });
    const document = contractChangeDocument();
    await send(documentBytes(encodeDocument(document)));
    expect(simulator.printed().at(-1)).toEqual(expect.objectContaining({ cut: true, text: expectedText(document.lines) }));
    expect(await status()).toBe('12 12 12 12');
  });

  it('survives any bytes at all, and still answers status and prints afterwards', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (noise) => {
      const { simulator, send, status } = await rig();
      await send(noise);
      // A partial command at the end of the noise may swallow a byte or two of what follows; ESC @ twice resynchronises.
      await send(Buffer.from([0x0a, 0x0a, 0x1b, 0x40]));
      await send(documentBytes(encodeDocument({ lines: [{ text: '確認 OK' }], cut: true })));
      const ok = simulator.printed().at(-1)?.text === '確認 OK' && (await status()) === '12 12 12 12';
      await stops.pop()!();
      return ok;
    }), { numRuns: 60 });
  });
});

describe('stream decoder', () => {
  it('holds back at most 3 bytes of an unfinished command', () => {
    const decoder = new EscPosStreamDecoder();
    const tokens: EscPosToken[] = [];
    decoder.push(Buffer.from([0x1d, 0x56, 0x41]), (t) => tokens.push(t));
    expect(decoder.bufferedBytes).toBe(3);
    decoder.push(Buffer.from([0x03]), (t) => tokens.push(t));
    expect(tokens).toEqual([{ kind: 'cut', cut: 'full' }]);
    decoder.push(Buffer.from([0x1b]), (t) => tokens.push(t));
    decoder.flush((t) => tokens.push(t));
    expect(tokens.at(-1)).toEqual({ kind: 'garbage', reason: 'truncated', bytes: 1 });
  });
});
