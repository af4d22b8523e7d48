/** The one mapping from engine failures to gRPC statuses, as Zeebe's GrpcErrorMapper. */
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { BackpressureError, type RejectionType } from '../../../engine/src/engine-api.js';
import { errorToStatus, GatewayError, rejectionToStatus } from '../../../engine/src/gateway/grpc/error-mapper.js';

describe('error mapper', () => {
  it.each<[RejectionType, status]>([
    ['INVALID_ARGUMENT', status.INVALID_ARGUMENT],
    ['NOT_FOUND', status.NOT_FOUND],
    ['ALREADY_EXISTS', status.ALREADY_EXISTS],
    ['INVALID_STATE', status.FAILED_PRECONDITION],
    ['PROCESSING_ERROR', status.INTERNAL],
    ['EXCEEDED_BATCH_RECORD_SIZE', status.UNKNOWN],
    ['UNAUTHORIZED', status.PERMISSION_DENIED],
    ['FORBIDDEN', status.PERMISSION_DENIED],
  ])('maps a %s rejection to status %i with Zeebe text', (type, code) => {
    expect(rejectionToStatus({ intent: 'COMPLETE', type, reason: 'because' })).toEqual({
      code,
      details: `Command 'COMPLETE' rejected with code '${type}': because`,
    });
  });

  it('maps back-pressure to RESOURCE_EXHAUSTED', () => {
    expect(errorToStatus(new BackpressureError()).code).toBe(status.RESOURCE_EXHAUSTED);
  });

  it('keeps the status a gateway error names', () => {
    expect(errorToStatus(new GatewayError('DEADLINE_EXCEEDED', 'too slow'))).toEqual({ code: status.DEADLINE_EXCEEDED, details: 'too slow' });
  });

  it('maps anything else to INTERNAL with the first line of its message only', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'key')\n    at processor.ts:12");

    expect(errorToStatus(error)).toEqual({
      code: status.INTERNAL,
      details: "Unexpected error occurred during the request processing: Cannot read properties of undefined (reading 'key')",
    });
  });
});
