/**
 * Fails a full test run when a path of processes/*.bpmn is taken by no process test (the issue's
 * "a test per process path": each gateway branch, each timer, each boundary event).
 *
 * The global set-up gives every run a `.cache/process-paths/run-<time>` directory and every
 * ProcessHarness records the flows it took there when it closes; when the run included every
 * `tests/processes/*.test.ts` file and they all passed, this reporter compares the recordings with
 * the models (scripts/process-paths.ts) and sets a failing exit code listing the uncovered paths.
 * A run of some files only checks nothing: it cannot tell.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule, TestRunEndReason } from 'vitest/node';
import { coverage, mergeRecorded, modelPaths, readRecorded } from '../../scripts/process-paths.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export default class ProcessPathsReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    const dir = process.env.PROCESS_PATHS_DIR;
    if (!dir || reason !== 'passed') return;
    const testsDir = path.join(ROOT, 'tests/processes');
    const processTests = fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(testsDir, f));
    const ran = new Set(testModules.map((m) => path.resolve(m.moduleId)));
    if (!processTests.every((f) => ran.has(f))) return;
    const processesDir = path.join(ROOT, 'processes');
    const models = await Promise.all(
      fs.readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).sort().map(async (file) => ({
        file,
        paths: await modelPaths(fs.readFileSync(path.join(processesDir, file), 'utf8'), file),
      })),
    );
    const report = coverage(models, mergeRecorded(readRecorded([dir])));
    const total = report.reduce((n, r) => n + r.total, 0);
    const uncovered = report.flatMap((r) => r.uncovered.map((p) => ({ ...p, file: r.file })));
    if (uncovered.length === 0) {
      console.log(`\nprocess paths: all ${total} gateway branches, timers, boundary and catch events of processes/ taken by a test`);
      return;
    }
    console.error(`\nprocess paths: ${uncovered.length} of ${total} taken by no process test (scripts/process-paths.ts --dir ${path.relative(ROOT, dir)}):`);
    for (const p of uncovered) console.error(`  - ${p.file} ${p.id} ${p.name || '（无名称）'} [${p.kind}: ${p.detail}]`);
    process.exitCode = 1;
  }
}
