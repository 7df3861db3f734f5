/**
 * The failures every serial exchange shares, whatever the device's protocol:
 * no answer in time, and no port. Each driver's exchange error union has
 * these two kinds; its own kinds (NAK limit, bad BCC, a refused command, a
 * malformed status byte) stay with the driver.
 *
 * As XFS sees them (CEN/XFS and XFS4IoT common completion codes) they are
 * failures of the line, never a device error code: `timeOut` when the device
 * did not answer, `deviceNotReady` when the port is gone. Either way the
 * device reads `offline` until an answer comes again.
 */
import type { CommandResult } from '../../shared/xfs/vocabulary';

/** What a technician needs to know about the line, for messages. */
export interface LineDescription {
  endpoint: string;
  baudRate?: number;
}

/** `/dev/ttyUSB0 at 9600 bps`, or the endpoint alone when the rate is not known. */
export function describeLine(line: LineDescription): string {
  return line.baudRate === undefined ? line.endpoint : `${line.endpoint} at ${line.baudRate} bps`;
}

export type LineErrorKind = 'timeout' | 'portClosed';

/** An XFS result that is not a success. */
export type Failure<E extends string = never> = Exclude<CommandResult<never, E>, { completion: 'success' }>;

/** A line error as an XFS completion: `timeOut` or `deviceNotReady`. */
export function lineFailureOf<E extends string = never>(kind: LineErrorKind, detail: string): Failure<E> {
  return kind === 'timeout' ? { completion: 'timeOut', detail } : { completion: 'deviceNotReady', detail };
}
