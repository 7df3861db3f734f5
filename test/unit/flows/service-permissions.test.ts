import { describe, expect, it } from 'vitest';
import { ServiceAction } from '../../../src/shared/bridge';
import { OperatorPermission } from '../../../src/shared/hq-api';
import { OPERATOR_PERMISSIONS } from '../../../src/hq/config/operator-roles';
import { roleGrants } from '../../../src/hq/staff/operator-session';
import { authoriseServiceAction, isPermitted, permissionFor, permittedActions } from '../../../src/main/flows/operator/permissions';

/**
 * The permission checks of service mode (issue 8: "every permission is
 * checked in main, not in the renderer"), against the grants HQ gives each
 * role (src/hq/config/operator-roles.ts).
 */
const staff = { role: 'staff' as const, permissions: OPERATOR_PERMISSIONS.staff };
const technician = { role: 'technician' as const, permissions: OPERATOR_PERMISSIONS.technician };
const nobody = { role: 'staff' as const, permissions: [] };

const STAFF_ONLY = ['lookupByCard', 'lookupByMemberNumber', 'scanIdentity', 'confirmIdentity', 'unlockAndSetPin', 'customerReady', 'finishCustomer'] as const;
const TECHNICIAN_ONLY = [
  'viewDevices', 'viewTraffic', 'viewHealth', 'testReaderReset', 'testReaderStatus', 'testReaderLed', 'testReadCard', 'testEject', 'testCapture',
  'useTestCard', 'testScan', 'testPrinterStatus', 'testPrinterPage', 'resetCardReader', 'resetIdScanner', 'verifyJournal', 'exportDiagnostics', 'uploadDiagnostics', 'exitApp', 'restartApp',
] as const;
const BOTH = ['logout', 'back', 'confirm', 'viewCapturedCards', 'recordBinEmptied', 'takeOutOfService', 'returnToService'] as const;

describe('service permissions', () => {
  it('maps every action to a permission HQ knows, or to none', () => {
    for (const action of ServiceAction.options) {
      const needed = permissionFor(action);
      if (needed !== null) expect(OperatorPermission.options).toContain(needed);
    }
    // The three lists cover every action exactly once.
    expect([...STAFF_ONLY, ...TECHNICIAN_ONLY, ...BOTH].sort()).toEqual([...ServiceAction.options].sort());
  });

  it.each(STAFF_ONLY)('lets staff, and not technicians, %s', (action) => {
    expect(isPermitted(staff, action)).toBe(true);
    expect(isPermitted(technician, action)).toBe(false);
  });

  it.each(TECHNICIAN_ONLY)('lets technicians, and not staff, %s', (action) => {
    expect(isPermitted(technician, action)).toBe(true);
    expect(isPermitted(staff, action)).toBe(false);
  });

  it.each(BOTH)('lets both roles %s', (action) => {
    expect(isPermitted(staff, action)).toBe(true);
    expect(isPermitted(technician, action)).toBe(true);
  });

  it('gives an operator without permissions nothing but navigation', () => {
    expect(ServiceAction.options.filter((a) => isPermitted(nobody, a)).sort()).toEqual(['back', 'confirm', 'logout']);
  });

  it('only technicians may close the application (the exit guard\'s rule)', () => {
    expect(isPermitted(staff, 'exitApp')).toBe(false);
    expect(isPermitted(staff, 'restartApp')).toBe(false);
  });

  it('authorises an action only when the screen offers it and the operator holds its permission', () => {
    expect(authoriseServiceAction(staff, ['lookupByCard', 'logout'], 'lookupByCard')).toBe('ok');
    expect(authoriseServiceAction(staff, ['logout'], 'lookupByCard')).toBe('notOffered');
    // A doctored screen offering a technician's button proves nothing.
    expect(authoriseServiceAction(staff, ['exitApp'], 'exitApp')).toBe('notPermitted');
    expect(authoriseServiceAction(technician, ['lookupByCard'], 'lookupByCard')).toBe('notPermitted');
  });

  it('builds a screen\'s buttons from its candidates minus those not permitted', () => {
    expect(permittedActions(staff, ['viewDevices', 'lookupByCard', 'logout'])).toEqual(['lookupByCard', 'logout']);
    expect(permittedActions(technician, ['viewDevices', 'lookupByCard', 'logout'])).toEqual(['viewDevices', 'logout']);
  });

  it('HQ grants by the same role table the kiosk reads', () => {
    expect(roleGrants('staff', 'unlockCustomerAccount')).toBe(true);
    expect(roleGrants('staff', 'runDiagnostics')).toBe(false);
    expect(roleGrants('technician', 'unlockCustomerAccount')).toBe(false);
    expect(roleGrants('technician', 'runDiagnostics')).toBe(true);
  });
});
