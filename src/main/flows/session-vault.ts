/**
 * The secrets of the current session, held by the core outside any machine's
 * context (ARCHITECTURE.md, "Flows"): the card number, the scanned identity
 * document between the scan and HQ's verdict, and three soft PIN pads. A
 * machine snapshot can then be logged or inspected without leaking them.
 * Both the customer and the operator machines use one vault; neither owns it.
 */
import type { ContractChangeDocument } from '../../shared/hq-api/contract-document';
import type { IdentityDocument } from '../../shared/identity/identity-document';
import { SoftPinPad } from './soft-pin-pad';

export interface SessionVault {
  cardNumber: string | null;
  /** The scanned identity document, between the scan and HQ's verdict. */
  document: IdentityDocument | null;
  /** HQ's contract-change document (it names the customer), between the limit change and its printing. */
  contractDocument: ContractChangeDocument | null;
  loginPin: SoftPinPad;
  newPin: SoftPinPad;
  confirmPin: SoftPinPad;
  wipe(): void;
}

/** The three PIN pads a screen may collect into. */
export type PadName = 'loginPin' | 'newPin' | 'confirmPin';

export function createVault(): SessionVault {
  const vault: SessionVault = {
    cardNumber: null,
    document: null,
    contractDocument: null,
    loginPin: new SoftPinPad(),
    newPin: new SoftPinPad(),
    confirmPin: new SoftPinPad(),
    wipe() {
      vault.cardNumber = null;
      vault.document = null;
      vault.contractDocument = null;
      vault.loginPin.wipe();
      vault.newPin.wipe();
      vault.confirmPin.wipe();
    },
  };
  return vault;
}
