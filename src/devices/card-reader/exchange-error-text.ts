/**
 * A CRT-310 exchange error in words a technician can act on (DEVICES.md,
 * CRT-310 protocol: ACK/NAK, BCC, negative replies), never card data: a
 * read reply's frame arrives here already masked (diagnostics.ts).
 */
import { assertNever } from '../../shared/assert-never';
import { describeLine, type LineDescription } from '../transport/line-failure';
import type { ExchangeError } from './crt310-exchange';

const READER_DEFAULT_BAUD = 9600;

/** `** ** **` runs as `**x3`, and at most 40 bytes, so a masked read reply fits a status line. */
export function compactHex(hex: string): string {
  const bytes = hex.split(' ');
  const out: string[] = [];
  for (let i = 0; i < bytes.length && out.length < 40; ) {
    let j = i;
    while (bytes[j] === '**' && j < bytes.length) j++;
    if (j - i > 1) {
      out.push(`**x${j - i}`);
      i = j;
    } else {
      out.push(bytes[i]!);
      i++;
    }
  }
  return out.length < 40 ? out.join(' ') : `${out.join(' ')} ...`;
}

/**
 * One line, no card data, for stderr and for `detail` in XFS results. A
 * timeout with noise on the line is what a baud mismatch looks like on a
 * real UART (framing errors arrive as garbage bytes), so it says so.
 */
export function describeExchangeError(error: ExchangeError, line: LineDescription): string {
  const at = describeLine(line);
  switch (error.kind) {
    case 'timeout':
      if (error.noiseBytes > 0) {
        return `no valid reply from card reader at ${line.baudRate ?? 'the configured'} bps (${error.noiseBytes} unreadable byte(s) on ${line.endpoint}): check the baud rate (reader default ${READER_DEFAULT_BAUD})`;
      }
      return error.phase === 'ack'
        ? `no reply from card reader on ${at} after ${error.tries} tries: check power, cable and port`
        : `card reader on ${at} accepted the command but sent no reply in time`;
    case 'nakLimit':
      return `card reader on ${at} refused the command frame ${error.tries} times (NAK): line noise or wrong port settings`;
    case 'bcc':
      return `card reader on ${at} sent ${error.tries} damaged replies (bad BCC): line noise`;
    case 'negativeReply':
      return `card reader refused the command: ${error.error} (E=0x${error.code.toString(16).padStart(2, '0')})`;
    case 'badReply':
      return `card reader sent a reply this driver cannot read: ${error.problem}, frame ${compactHex(error.frame)}`;
    case 'canceled':
      return 'command canceled';
    case 'portClosed':
      return `port ${line.endpoint} is closed`;
    default:
      return assertNever(error, 'exchange error');
  }
}
