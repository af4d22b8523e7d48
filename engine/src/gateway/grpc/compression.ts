/**
 * Which request encodings the gateway advertises. grpc-js accepts gzip- and deflate-compressed
 * requests whatever is advertised (the wire test sends one), but a grpc-js client such as the
 * SDK compresses every request (gzip, its default) only while the server's last
 * `grpc-accept-encoding` lists it. On loopback or a LAN, compression saves nothing and costs
 * both sides CPU for every call: decompressing was about a tenth of the engine's busy time
 * at 250 one-task instances/s. So by default the gateway advertises `identity` only, and the
 * SDK sends plain requests from its second call on; `advertiseCompression` (env
 * `ENGINE_GRPC_ADVERTISE_COMPRESSION=true`) advertises grpc-js's `identity,deflate,gzip` again,
 * as Zeebe's gateway advertises gzip.
 */
import { ServerInterceptingCall, type ServerInterceptor } from '@grpc/grpc-js';

const ACCEPT_ENCODING = 'grpc-accept-encoding';

export function identityEncodingInterceptor(): ServerInterceptor {
  return (_method, call) =>
    new ServerInterceptingCall(call, {
      sendMetadata: (metadata, next) => {
        metadata.set(ACCEPT_ENCODING, 'identity');
        next(metadata);
      },
    });
}
