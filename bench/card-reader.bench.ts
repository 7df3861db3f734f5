/**
 * CRT-310 driver figures (issue 3, "Performance"):
 * - per command: bytes on the wire (command, ACK, ENQ, reply) and the median
 *   time of a whole exchange over a socat pty, beside the line-rate minimum
 *   for those bytes at the configured rate (bytes x 10 bits / baud). A pty
 *   does not pace bytes, so the pty time is the software's own cost; on a real
 *   line add the line-rate minimum.
 * - parser throughput in MB/s on a long random stream and on a stream of
 *   good frames, against a plain XOR pass over the same bytes in interleaved
 *   rounds (the cheapest thing that still touches every byte).
 */
import { randomBytes } from 'node:crypto';
import type { BenchResult, BenchSuite } from './bench-result';
import { medianMs } from './bench-result';
import { elapsedMs, interleaved, ratioRow } from './interleaved';
import { openPtyPair } from '../test/support/pty-pair';
import { SerialTransport } from '../src/devices/transport/serial-transport';
import { Crt310Exchange } from '../src/devices/card-reader/crt310-exchange';
import { Crt310Simulator } from '../src/devices/card-reader/simulator/crt310-simulator';
import { demoTracks } from '../src/devices/card-reader/simulator/demo-card';
import { Crt310FrameDecoder } from '../src/devices/card-reader/crt310-parser';
import { encodeFrame, xorOf } from '../src/devices/card-reader/crt310-frame';
import type { Crt310Command } from '../src/devices/card-reader/crt310-codec';

const BAUD = 9600;
const SAMPLES = 40;
// 8 MB a round, a few tens of milliseconds: enough rounds for a median.
const THROUGHPUT_ROUNDS = 7;

async function perCommand(): Promise<BenchResult[]> {
  const pair = await openPtyPair();
  const host = new SerialTransport({ path: pair.hostPath, baudRate: BAUD });
  const simulator = new Crt310Simulator({ transport: new SerialTransport({ path: pair.devicePath, baudRate: BAUD }) });
  const results: BenchResult[] = [];
  try {
    await simulator.start();
    await host.open();
    const exchange = new Crt310Exchange({ transport: host });
    let wire = 0;
    const offRx = host.onData((chunk) => (wire += chunk.length));
    const write = host.write.bind(host);
    host.write = (bytes) => {
      wire += bytes.length;
      return write(bytes);
    };
    simulator.insertCard({ ...demoTracks('4000000000000051'), track3: ';0112345678901234567890=1234567890?' });
    let flip = false;
    const commands: [string, () => Crt310Command][] = [
      ['status', () => ({ kind: 'status' })],
      ['entry control', () => ({ kind: 'entryControl', front: 'magneticCard', rear: 'prohibited' })],
      ['move (front held / rear held)', () => ({ kind: 'move', target: (flip = !flip) ? 'frontHeld' : 'rearHeld' })],
      ['read 3 tracks ASCII', () => ({ kind: 'readTracks', mode: 'ascii', tracks: [1, 2, 3] })],
      ['read 3 tracks binary', () => ({ kind: 'readTracks', mode: 'binary', tracks: [1, 2, 3] })],
      ['reset keep card', () => ({ kind: 'reset', action: 'keepCard' })],
    ];
    for (const [name, make] of commands) {
      // Reads need the card inside; moves leave it at the front or the rear.
      if (name.startsWith('read')) await exchange.send({ kind: 'move', target: 'rearHeld' });
      wire = 0;
      const first = await exchange.send(make());
      if (!first.ok) throw new Error(`${name} failed: ${first.error.kind}`);
      const bytes = wire;
      const ms = await medianMs(SAMPLES, async () => {
        const r = await exchange.send(make());
        if (!r.ok) throw new Error(`${name} failed: ${r.error.kind}`);
      });
      results.push({ name: `card-reader ${name}: wire bytes`, value: bytes, unit: 'bytes' });
      results.push({ name: `card-reader ${name}: line-rate minimum at ${BAUD} bps`, value: (bytes * 10 * 1000) / BAUD, unit: 'ms' });
      results.push({ name: `card-reader ${name}: exchange over pty (median of ${SAMPLES})`, value: ms, unit: 'ms' });
    }
    offRx();
    exchange.dispose();
  } finally {
    await simulator.stop();
    await host.close();
    await pair.close();
  }
  return results;
}

async function throughput(name: string, stream: Buffer): Promise<BenchResult[]> {
  const mb = stream.length / 1e6;
  const chunks: Buffer[] = [];
  for (let i = 0; i < stream.length; i += 4096) chunks.push(stream.subarray(i, i + 4096));
  let sink = 0;
  const mbPerSecond = (ms: number) => mb / (ms / 1000);
  const result = await interleaved({
    rounds: THROUGHPUT_ROUNDS,
    higherIsBetter: true,
    measured: async () => mbPerSecond(await elapsedMs(() => {
      const decoder = new Crt310FrameDecoder();
      for (const chunk of chunks) decoder.push(chunk, (t) => (sink += t.kind.length));
    })),
    baseline: async () => mbPerSecond(await elapsedMs(() => {
      for (const chunk of chunks) sink ^= xorOf(chunk);
    })),
  });
  // Keeps the work observable so the JIT cannot drop it.
  if (sink === -1) console.log(sink);
  return [ratioRow(`card-reader parser throughput, ${name}`, 'MB/s', result)];
}

const suite: BenchSuite = {
  name: 'card-reader',
  async run() {
    const random = randomBytes(8 * 1024 * 1024);
    const frame = encodeFrame(Buffer.concat([Buffer.from([0x45, 0x30, 0x1f, 0x59]), Buffer.from(';4000000000000051=30121010000000000?'), Buffer.from([0x1f, 0x4e, 0xe5])]));
    const frames = Buffer.concat(Array.from({ length: Math.floor((8 * 1024 * 1024) / frame.length) }, () => frame));
    return [...(await perCommand()), ...(await throughput('random bytes (baseline: XOR pass)', random)), ...(await throughput('read-reply frames (baseline: XOR pass)', frames))];
  },
};

export default suite;
