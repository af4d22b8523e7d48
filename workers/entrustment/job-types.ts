/** job types of the entrustment domain (委托执行 / 事项委托) */
export const ENTRUSTMENT_REGISTER = 'entrustment.register';
export const ENTRUSTMENT_SEND = 'entrustment.send';
export const ENTRUSTMENT_SEND_SUPPLEMENT = 'entrustment.send-supplement';
export const ENTRUSTMENT_CLOSE_CASE = 'entrustment.close-case';
export const ENTRUSTMENT_REQUEST_STATUS = 'entrustment.request-status';
export const ENTRUSTMENT_CHASE = 'entrustment.chase';
export const ENTRUSTMENT_FETCH_INCOMING = 'entrustment.fetch-incoming';
export const ENTRUSTMENT_REQUEST_SUPPLEMENT = 'entrustment.request-supplement';
export const ENTRUSTMENT_CONFIRM_FILING = 'entrustment.confirm-filing';
export const ENTRUSTMENT_REPORT_STATUS = 'entrustment.report-status';
export const ENTRUSTMENT_REPORT_RESULT = 'entrustment.report-result';
export const ENTRUSTMENT_RETURN_FILE = 'entrustment.return-file';
export const ENTRUSTMENT_REPLY_MATTER = 'entrustment.reply-matter';
