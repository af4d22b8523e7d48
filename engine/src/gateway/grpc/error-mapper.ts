/**
 * The one place where failures become gRPC statuses, as Zeebe's `GrpcErrorMapper`:
 * - a command rejection keeps Zeebe's text, `Command '<intent>' rejected with code '<type>': <reason>`,
 *   which clients show and parse;
 * - a request the gateway itself refuses or gives up on (bad variables or tenant, an
 *   unsupported feature, a request timeout) is a `GatewayError` naming its status;
 * - back-pressure is RESOURCE_EXHAUSTED, which the SDK retries;
 * - anything else is a broken invariant: INTERNAL, with the message only (never a stack).
 */
import { status } from '@grpc/grpc-js';
import { BackpressureError, type Rejection, type RejectionType } from '../../engine-api.js';

export interface GrpcStatus {
  code: status;
  details: string;
}

export type GatewayStatusName = keyof typeof status;

/** A request the gateway refuses, or gives up on, itself. */
export class GatewayError extends Error {
  constructor(
    readonly statusName: GatewayStatusName,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

// Zeebe's gRPC gateway: UNAUTHORIZED and FORBIDDEN are both PERMISSION_DENIED, and
// EXCEEDED_BATCH_RECORD_SIZE has no case of its own there, so it falls through to UNKNOWN.
const REJECTION_STATUS: Record<RejectionType, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  INVALID_STATE: status.FAILED_PRECONDITION,
  PROCESSING_ERROR: status.INTERNAL,
  EXCEEDED_BATCH_RECORD_SIZE: status.UNKNOWN,
  UNAUTHORIZED: status.PERMISSION_DENIED,
  FORBIDDEN: status.PERMISSION_DENIED,
};

export function rejectionToStatus(rejection: Rejection): GrpcStatus {
  return {
    code: REJECTION_STATUS[rejection.type] ?? status.UNKNOWN,
    details: `Command '${rejection.intent}' rejected with code '${rejection.type}': ${rejection.reason}`,
  };
}

export function errorToStatus(error: unknown): GrpcStatus {
  if (error instanceof GatewayError) {
    return { code: status[error.statusName], details: error.message };
  }
  if (error instanceof BackpressureError) {
    return { code: status.RESOURCE_EXHAUSTED, details: error.message };
  }
  return {
    code: status.INTERNAL,
    details: `Unexpected error occurred during the request processing: ${firstLine(error)}`,
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}

/** An error that no mapping explains: a bug worth logging in full where it happened. */
export function isUnexpected(error: unknown): boolean {
  return !(error instanceof GatewayError || error instanceof BackpressureError);
}
