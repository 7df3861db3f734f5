/**
 * Every web permission is denied: the camera, notifications, geolocation,
 * and above all HID, serial and USB device selection. Devices belong to main
 * (ARCHITECTURE.md), never to the renderer. Electron security checklist
 * item 5 (handle session permission requests).
 */
export function permissionRequestDecision(_permission: string): boolean {
  return false;
}

export function permissionCheckDecision(_permission: string): boolean {
  return false;
}

export function devicePermissionDecision(_deviceType: string): boolean {
  return false;
}
