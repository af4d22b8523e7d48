/**
 * Basic authentication for the REST gateways, as for the gRPC gateway: when the engine runs
 * with credentials, every request needs `Authorization: Basic base64(user:password)`;
 * otherwise it is answered 401 before any handler runs.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface BasicCredentials {
  username: string;
  password: string;
}

/** undefined when the request may proceed, else the reason it may not */
export function checkBasicAuthorization(header: string | undefined, credentials: BasicCredentials): string | undefined {
  if (!header) return 'Expected authentication information at header with key [authorization], but found nothing';
  if (!header.startsWith('Basic ')) return `Expected authentication information to start with 'Basic '`;
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return 'Invalid credentials';
  const matches = sameSecret(decoded.slice(0, separator), credentials.username) && sameSecret(decoded.slice(separator + 1), credentials.password);
  return matches ? undefined : 'Invalid credentials';
}

/** constant-time comparison (of digests, so that lengths do not leak either) */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
