/**
 * Basic authentication for every gateway call, as Camunda 8.8's gateway does it with
 * `camunda.security.authentication.method=basic`: the client (the SDK with
 * `CAMUNDA_AUTH_STRATEGY=BASIC`) sends `authorization: Basic base64(user:password)` as call
 * metadata; a missing or wrong header closes the call with UNAUTHENTICATED before any
 * handler runs. Texts are Zeebe's `AuthenticationInterceptor` / `AuthenticationHandler.BasicAuth`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Metadata, ServerInterceptingCall, status, type ServerInterceptor } from '@grpc/grpc-js';

const BASIC_PREFIX = 'Basic ';

export interface BasicCredentials {
  username: string;
  password: string;
}

export function basicAuthInterceptor(credentials: BasicCredentials): ServerInterceptor {
  return (_method, call) =>
    new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, passOn) => {
            const refusal = checkAuthorization(metadata, credentials);
            if (refusal === undefined) {
              passOn(metadata);
            } else {
              call.sendStatus({ code: status.UNAUTHENTICATED, details: refusal, metadata: new Metadata() });
            }
          },
        });
      },
    });
}

/** undefined when the call may proceed, else the reason it may not. */
export function checkAuthorization(metadata: Metadata, credentials: BasicCredentials): string | undefined {
  const [header] = metadata.get('authorization');
  if (header === undefined) {
    return 'Expected authentication information at header with key [authorization], but found nothing';
  }
  const value = header.toString();
  if (!value.startsWith(BASIC_PREFIX)) {
    return `Expected authentication information to start with '${BASIC_PREFIX}'`;
  }
  const decoded = Buffer.from(value.slice(BASIC_PREFIX.length).trim(), 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return 'Invalid credentials';
  const username = decoded.slice(0, separator);
  const password = decoded.slice(separator + 1);
  const matches = sameSecret(username, credentials.username) && sameSecret(password, credentials.password);
  return matches ? undefined : 'Invalid credentials';
}

/** Constant-time comparison (of digests, so that lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
