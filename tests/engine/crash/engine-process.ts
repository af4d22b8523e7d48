/**
 * The engine as a real operating-system process: `engine/src/main.ts` (what `npm run engine`
 * starts), loaded with `node --import tsx` so that it is one process, configured through the
 * environment. A test can SIGKILL it and start it again on the same storage and ports. The
 * child leads its own process group, and kills go to the whole group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface EngineProcessOptions {
  grpcPort: number;
  httpPort: number;
  /** PostgreSQL; PGlite in `dataDir` when absent */
  databaseUrl?: string;
  dataDir?: string;
  /** folder deployed at start-up (a missing folder deploys nothing) */
  deployDir: string;
}

/** `count` different ports nobody listens on right now */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => {
      const server = net.createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
      return server;
    }),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

const live = new Set<EngineProcess>();
// a test process that dies must not leave detached engines behind
process.once('exit', () => {
  for (const engine of live) engine.signal('SIGKILL');
});

export class EngineProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** the last lines the engine printed (stdout and stderr), for failure messages */
  readonly output: string[] = [];

  constructor(private readonly options: EngineProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  get grpcAddress(): string {
    return `127.0.0.1:${this.options.grpcPort}`;
  }

  /** starts the engine and resolves once it prints `engine ready` */
  async start(timeoutMs = 30_000): Promise<void> {
    if (this.child) throw new Error('the engine is already running');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ENGINE_HOST: '127.0.0.1',
      ENGINE_GRPC_PORT: String(this.options.grpcPort),
      ENGINE_HTTP_PORT: String(this.options.httpPort),
      DATABASE_URL: this.options.databaseUrl ?? '',
      ENGINE_DATA_DIR: this.options.dataDir ?? '',
      ENGINE_DEPLOY_DIR: this.options.deployDir,
    };
    for (const name of ['ENGINE_USERNAME', 'ENGINE_PASSWORD', 'ZEEBE_CLOCK_CONTROLLED']) delete env[name];

    const child = spawn(process.execPath, ['--import', 'tsx', 'engine/src/main.ts'], {
      cwd: REPO_ROOT,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(this);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        live.delete(this);
        resolve();
      }),
    );

    await new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => fail(new Error(`the engine did not start within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`${error.message}\n--- engine output ---\n${this.output.join('\n')}`));
      };
      const collect = (stream: NodeJS.ReadableStream) => {
        let partial = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            this.output.push(line);
            if (this.output.length > 200) this.output.shift();
            if (!ready && line.startsWith('engine ready')) {
              ready = true;
              clearTimeout(timer);
              resolve();
            }
          }
        });
      };
      collect(child.stdout!);
      collect(child.stderr!);
      child.once('exit', (code, signal) => {
        if (!ready) fail(new Error(`the engine exited before it was ready (code ${code}, signal ${signal})`));
      });
    });
  }

  /** SIGKILL to the engine's process group; resolves once the engine is gone */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the engine closes its storage), SIGKILL if it has not exited after `graceMs` */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.child) return;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.signal('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, forced]);
    clearTimeout(timer);
    await this.exited;
  }

  signal(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is already gone
    }
  }
}
