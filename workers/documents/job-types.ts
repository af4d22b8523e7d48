/** job types of the documents domain (文书) */
export const DOCUMENTS_GENERATE = 'documents.generate';
