/**
 * Small request translations shared by the REST routes.
 */
import type { Variables } from '../../engine-api.js';
import { invalidArgument } from './problem.js';

export const DEFAULT_TENANT = '<default>';

/**
 * Multi-tenancy is disabled in this engine, as in a default Camunda: the only tenant is
 * `<default>`, which a request may also leave out.
 */
export function tenantOf(tenantId: string | null | undefined, request: string): string {
  if (tenantId == null || tenantId === '' || tenantId === DEFAULT_TENANT) return DEFAULT_TENANT;
  throw invalidArgument(`Expected to handle request ${request} with tenant identifier '${tenantId}', but multi-tenancy is disabled`);
}

export function tenantsOf(tenantIds: readonly string[] | null | undefined, request: string): string[] {
  if (!tenantIds || tenantIds.length === 0) return [DEFAULT_TENANT];
  return [...new Set(tenantIds.map((t) => tenantOf(t, request)))];
}

export const variablesOf = (value: Record<string, unknown> | null | undefined): Variables => value ?? {};
