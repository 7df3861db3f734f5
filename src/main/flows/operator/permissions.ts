/**
 * Which HQ-granted permission each service action needs (issue 8: "roles
 * come from HQ and every permission is checked in main, not in the
 * renderer"). HQ grants permissions by role (src/hq/config/operator-roles.ts)
 * and sends them with the operator's log-in; this table maps the kiosk's
 * buttons onto them. HQ checks its own operations again on every call.
 *
 * An action is authorised only when the current screen offers it AND the
 * operator holds its permission: the screens are built from this table
 * (service-view.ts), and the core checks every incoming action with
 * `authoriseServiceAction` before the machine sees it.
 */
import type { ServiceAction } from '../../../shared/bridge';
import type { OperatorPermission, OperatorRole } from '../../../shared/hq-api/session';
import { assertNever } from '../../../shared/assert-never';

/** `null`: any logged-in operator (navigation, log-out, the confirmation button of a screen already authorised). */
export function permissionFor(action: ServiceAction): OperatorPermission | null {
  switch (action) {
    case 'logout':
    case 'back':
    case 'confirm':
      return null;
    case 'lookupByCard':
    case 'lookupByMemberNumber':
    case 'scanIdentity':
    case 'confirmIdentity':
    case 'unlockAndSetPin':
    case 'finishCustomer':
      return 'unlockCustomerAccount';
    case 'customerReady':
      // The customer types a new PIN: HQ stores it only for an operator with this permission.
      return 'resetCustomerPin';
    case 'viewCapturedCards':
      return 'viewJournal';
    case 'recordBinEmptied':
      return 'handleCapturedCards';
    case 'viewDevices':
    case 'viewTraffic':
    case 'viewHealth':
    case 'testReaderStatus':
    case 'verifyJournal':
    case 'exportDiagnostics':
    case 'uploadDiagnostics':
      return 'runDiagnostics';
    case 'testReaderReset':
    case 'testReaderLed':
    case 'testReadCard':
    case 'testEject':
    case 'testCapture':
    case 'useTestCard':
    case 'testScan':
    case 'testPrinterStatus':
    case 'testPrinterPage':
    case 'resetCardReader':
    case 'resetIdScanner':
      return 'serviceDevices';
    case 'takeOutOfService':
    case 'returnToService':
      return 'takeOutOfService';
    case 'exitApp':
    case 'restartApp':
      // Only technicians may close the kiosk window (src/main/electron/exit-guard.ts); a permission staff do not hold.
      return 'serviceDevices';
    default:
      return assertNever(action, 'service action');
  }
}

export interface OperatorGrant {
  role: OperatorRole;
  permissions: readonly OperatorPermission[];
}

export function isPermitted(operator: OperatorGrant, action: ServiceAction): boolean {
  const needed = permissionFor(action);
  return needed === null || operator.permissions.includes(needed);
}

export type ServiceAuthorisation = 'ok' | 'notOffered' | 'notPermitted';

/**
 * The check for every action the renderer sends: it must be one the current
 * screen offers (a button that is not on screen was not pressed), and the
 * operator must hold its permission (a doctored screen proves nothing).
 */
export function authoriseServiceAction(operator: OperatorGrant, offered: readonly ServiceAction[], action: ServiceAction): ServiceAuthorisation {
  if (!isPermitted(operator, action)) return 'notPermitted';
  if (!offered.includes(action)) return 'notOffered';
  return 'ok';
}

/** The buttons a screen may show: its candidates, minus those the operator may not use. */
export function permittedActions(operator: OperatorGrant, candidates: readonly ServiceAction[]): ServiceAction[] {
  return candidates.filter((action) => isPermitted(operator, action));
}
