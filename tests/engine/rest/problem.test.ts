/**
 * The REST gateway's one error mapper: Camunda's HTTP status and title for every rejection
 * type and for the failures a gateway meets (back-pressure, request time-out, bugs).
 */
import { describe, expect, it } from 'vitest';
import { BackpressureError, RequestTimeoutError, type RejectionType } from '../../../engine/src/engine-api.js';
import { errorToProblem, RejectionError } from '../../../engine/src/gateway/rest/problem.js';

describe('REST problem mapping', () => {
  const rejection = (type: RejectionType) => errorToProblem(new RejectionError({ intent: 'COMPLETE', type, reason: 'because' }));

  it.each([
    ['NOT_FOUND', 404, 'NOT_FOUND'],
    ['INVALID_ARGUMENT', 400, 'INVALID_ARGUMENT'],
    ['INVALID_STATE', 409, 'INVALID_STATE'],
    ['ALREADY_EXISTS', 409, 'ALREADY_EXISTS'],
    ['UNAUTHORIZED', 401, 'UNAUTHORIZED'],
    ['FORBIDDEN', 403, 'FORBIDDEN'],
    ['PROCESSING_ERROR', 500, 'INTERNAL'],
    ['EXCEEDED_BATCH_RECORD_SIZE', 500, 'INTERNAL'],
  ] as const)('maps a %s rejection to %i %s with Zeebe’s text', (type, status, title) => {
    expect(rejection(type)).toEqual({ status, title, detail: `Command 'COMPLETE' rejected with code '${type}': because` });
  });

  it('maps back-pressure to 503 RESOURCE_EXHAUSTED, which the SDKs retry', () => {
    expect(errorToProblem(new BackpressureError())).toMatchObject({ status: 503, title: 'RESOURCE_EXHAUSTED' });
  });

  it('maps a request that ran out of time to 504 DEADLINE_EXCEEDED', () => {
    expect(errorToProblem(new RequestTimeoutError(1_000))).toMatchObject({ status: 504, title: 'DEADLINE_EXCEEDED' });
  });

  it('maps anything else to 500 with the message only', () => {
    expect(errorToProblem(new Error('boom\n    at somewhere'))).toEqual({ status: 500, title: 'INTERNAL', detail: 'Unexpected error occurred during the request processing: boom' });
  });
});
