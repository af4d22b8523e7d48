/** job types of the finality-review domain (终结本次执行程序 / 终本后动态管理) */
export const FINALITY_CHECK_CONDITIONS = 'finality.check-conditions';
export const FINALITY_INQUIRE = 'finality.inquire';
