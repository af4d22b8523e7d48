/** job types of the restoration domain (恢复执行) */
export const RESTORATION_ALLOCATE_CASE_NUMBER = 'restoration.allocate-case-number';
