/**
 * The flow's card-reader port over the XFS-style CardReaderService. Only the
 * card number leaves here; track data stays in the driver (PCI DSS 3.2).
 */
import type { CardReaderService } from '../../devices/card-reader/card-reader-service';
import { type CardReaderErrorCode } from '../../shared/xfs/vocabulary';
import { assertNever } from '../../shared/assert-never';
import type { CardReaderPort, CardReadOutcome } from '../flows/ports';

function readFailure(code: CardReaderErrorCode): CardReadOutcome {
  switch (code) {
    case 'noMedia':
      return { ok: false, reason: 'noCard' };
    case 'cardTooShort':
    case 'cardTooLong':
      return { ok: false, reason: code };
    case 'invalidMedia':
      return { ok: false, reason: 'unreadable' };
    case 'mediaJam':
    case 'shutterFail':
    case 'retainBinFull':
      return { ok: false, reason: 'fault' };
    default:
      return assertNever(code, 'card reader error');
  }
}

export function cardReaderPort(service: CardReaderService): CardReaderPort {
  return {
    async setAcceptingCards(on) {
      await service.acceptCard(on);
    },
    async readCard() {
      const result = await service.readRawData({ track1: true, track2: true });
      if (result.completion === 'success') {
        return result.value.cardNumber ? { ok: true, cardNumber: result.value.cardNumber } : { ok: false, reason: 'unreadable' };
      }
      if (result.completion === 'commandErrorCode') return readFailure(result.errorCode);
      return { ok: false, reason: 'fault' };
    },
    async eject() {
      const result = await service.move({ to: 'exit' });
      return result.completion === 'success' ? 'ok' : 'fault';
    },
    async capture() {
      const result = await service.move({ to: 'retain' });
      if (result.completion === 'success') return 'ok';
      return result.completion === 'commandErrorCode' && result.errorCode === 'retainBinFull' ? 'binFull' : 'fault';
    },
  };
}
