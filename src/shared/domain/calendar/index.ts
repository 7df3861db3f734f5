export * from './kiosk-calendar';
export * from './service-status';
export { REASON_PRIORITY, isThirdWeekOfMonth, maintenanceWindowsBetween, type MaintenanceReason, type MaintenanceWindow } from './maintenance-windows';
export { TOKYO_OFFSET_MS, parseTokyoLocalDateTime, tokyoDayOf, tokyoDateString, tokyoLocalDateTime } from './tokyo-time';
