/**
 * A CRT-310 exchange that did not complete, as the XFS completion code the
 * card reader service returns for it; `detail` is one line for technicians
 * (see crt310-exchange.ts, `describeExchangeError`), never card data. The
 * line's own failures (timeout, port closed) are shared with the printer
 * (transport/line-failure.ts); the rest are the CRT-310's.
 */
import { assertNever } from '../../shared/assert-never';
import { lineFailureOf, type Failure, type LineDescription } from '../transport/line-failure';
import type { ExchangeError } from './crt310-exchange';
import { describeExchangeError } from './exchange-error-text';

export type { Failure };

export function failureOf<E extends string>(error: ExchangeError, line: LineDescription): Failure<E> {
  const detail = describeExchangeError(error, line);
  switch (error.kind) {
    case 'timeout':
    case 'portClosed':
      return lineFailureOf(error.kind, detail);
    case 'canceled':
      return { completion: 'canceled', detail };
    case 'nakLimit':
    case 'bcc':
    case 'badReply':
      return { completion: 'hardwareError', detail };
    case 'negativeReply':
      switch (error.error) {
        case 'undefinedCommand':
          return { completion: 'unsupportedCommand', detail };
        case 'badParameter':
          return { completion: 'invalidData', detail };
        case 'onBackupPower':
          return { completion: 'deviceNotReady', detail };
        case 'cannotExecute':
        case 'dataError':
        case 'supplyVoltage':
        case 'abnormalCard':
        case 'unknown':
          return { completion: 'hardwareError', detail };
        default:
          return assertNever(error.error, 'reader error code');
      }
    default:
      return assertNever(error, 'exchange error');
  }
}
