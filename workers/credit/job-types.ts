/** job types of the credit-sanctions domain (失信被执行人名单 / 限制消费) */
export const CREDIT_CHECK_ELIGIBILITY = 'credit.check-eligibility';
export const CREDIT_PUBLISH = 'credit.publish';
export const CREDIT_CORRECT = 'credit.correct';
export const CREDIT_DELETE = 'credit.delete';
export const CREDIT_LIFT = 'credit.lift';
