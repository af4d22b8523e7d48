/** job types of the alerts domain (预警) */
export const ALERTS_OVERDUE = 'alerts.overdue';
