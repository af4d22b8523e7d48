/**
 * `npm run workers`: every job worker under workers/ against the gateway at ZEEBE_GRPC_ADDRESS
 * (default localhost:26500, plain text unless ZEEBE_GRPC_TLS=true). DOCUMENTS_DIR, HOLIDAYS_FILE,
 * COURT_NAME, COURT_CODE and each court system's `<SYSTEM>_URL` configure them.
 */
import { startWorkers } from './core/start-workers.js';

const grpcAddress = (process.env.ZEEBE_GRPC_ADDRESS ?? 'localhost:26500').replace(/^grpcs?:\/\//, '');
const username = process.env.ENGINE_USERNAME;
const password = process.env.ENGINE_PASSWORD;

const workers = await startWorkers({
  grpcAddress,
  plaintext: process.env.ZEEBE_GRPC_TLS !== 'true',
  auth: username && password ? { username, password } : undefined,
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void workers.close().then(() => process.exit(0));
  });
}
