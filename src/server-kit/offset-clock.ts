import { readFileSync } from 'node:fs';

/**
 * Development only: the embedded HQ and the embedded credit bureau share the
 * kiosk simulator's clock, a millisecond offset in a file the kiosk writes
 * (src/main/simulation/kiosk-clock.ts), so trying hours and maintenance from
 * the simulator panel moves HQ's rules (closing-time limit reviews) and the
 * bureau's signed-request window together: a bureau on the real clock would
 * refuse every request of an HQ shifted by hours as outside its five minutes.
 * A missing or unreadable file reads as no shift.
 */
export function offsetClock(file: string): () => Date {
  return () => {
    let offset = 0;
    try {
      offset = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      offset = 0;
    }
    return new Date(Date.now() + offset);
  };
}
