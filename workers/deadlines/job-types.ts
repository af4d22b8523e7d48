/** job types of the deadlines domain (期限) */
export const DEADLINES_COMPUTE = 'deadlines.compute';
