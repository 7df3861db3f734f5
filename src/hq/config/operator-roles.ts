/**
 * What each operator role may do at a kiosk (DOMAIN.md, "Who uses the
 * machine": branch staff unlock accounts and re-set PINs after checking the
 * customer's document in person; technicians run diagnostics and service
 * the machine). HQ grants; the kiosk only shows what is granted.
 */
import type { OperatorPermission, OperatorRole } from '../../shared/hq-api/session';

export const OPERATOR_PERMISSIONS: Record<OperatorRole, readonly OperatorPermission[]> = {
  staff: ['viewJournal', 'unlockCustomerAccount', 'resetCustomerPin', 'takeOutOfService', 'handleCapturedCards'],
  technician: ['viewJournal', 'runDiagnostics', 'serviceDevices', 'replenishSupplies', 'takeOutOfService', 'handleCapturedCards'],
};
