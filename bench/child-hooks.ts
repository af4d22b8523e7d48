/**
 * Preloaded (`--import ./bench/child-hooks.ts`) into the benchmark's server children (the
 * engine, the stand-in), which are spawned with an IPC channel:
 * - when the benchmark dies, the channel closes and the child shuts down (SIGTERM to itself, so
 *   that its own clean shutdown runs) instead of being left over;
 * - `{ profile: 'start' }` starts the V8 CPU profiler, `{ profile: 'stop', file }` stops it and
 *   writes the profile (Chrome DevTools format) to `file`, then answers `{ profiled: file }`:
 *   the benchmark profiles the steady state of each scenario only, not start-up.
 * The channel is unref'd so that it keeps nothing alive.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(1), 3_000).unref();
  });

  let session: Session | undefined;
  process.on('message', (message: { profile?: 'start' | 'stop'; file?: string }) => {
    void (async () => {
      if (message.profile === 'start') {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 1000 });
        await session.post('Profiler.start');
        process.send?.({ profiling: true });
      } else if (message.profile === 'stop' && session && message.file) {
        const { profile } = await session.post('Profiler.stop');
        fs.writeFileSync(message.file, JSON.stringify(profile));
        session.disconnect();
        session = undefined;
        process.send?.({ profiled: message.file });
      }
    })().catch((error: unknown) => process.send?.({ profileError: String(error) }));
  });
}
