/** What other modules import from the capabilities module. */
export * from './ids.js';
export type * from './types.js';
export { capabilityStatuses, type RegistryRow } from './capability-statuses.js';
export { setCapabilityStatus, type SetCapabilityStatusInput } from './set-capability-status.js';
export { scheduleMaintenance, type ScheduleMaintenanceInput } from './schedule-maintenance.js';
export { cancelMaintenance } from './cancel-maintenance.js';
export { reportMonitorStatus } from './report-monitor-status.js';
export { applyDueWindows } from './apply-due-windows.js';
