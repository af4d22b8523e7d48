/** job types of the case domain (a case's processes talking to each other) */
export const CASE_PUBLISH_MESSAGE = 'case.publish-message';
export const CASE_NOTIFY_AUCTIONS = 'case.notify-auctions';
export const CASE_EXECUTION_PERIOD = 'case.execution-period';
