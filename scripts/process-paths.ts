/**
 * Which paths of processes/*.bpmn no process test takes.
 *
 * A path is: every outgoing sequence flow of an exclusive, inclusive or event-based gateway with
 * more than one outgoing flow (parallel gateways take all of theirs), every boundary event (taken =
 * activated, which the engine does only when it triggers), every timer, message, signal, error or
 * escalation catch event (intermediate: completed; start event: activated) and every start event
 * of an event sub-process (activated).
 *
 * How to run:
 *   1. record: `PROCESS_PATHS=1 npx vitest run tests/processes` — the vitest global set-up makes a
 *      fresh `.cache/process-paths/run-<time>` and every ProcessHarness writes the flows taken and
 *      the elements activated/completed into it when it closes (tests/support/process-harness.ts).
 *      To gather several runs into one directory, set `PROCESS_PATHS_DIR=<dir>` yourself.
 *   2. report: `npx tsx scripts/process-paths.ts [--dir <dir>]... [--check] [--json]`
 *      --dir    a directory of recorded files (repeatable; default the newest run in .cache/process-paths)
 *      --check  exit 1 when a path is uncovered and not in ALLOWLIST below
 *      --json   print the report as JSON instead of text, every path with the test files that took it
 *      --verbose  also list the covered paths, each with the test files that took it
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

export type PathKind = 'gateway-branch' | 'boundary-event' | 'catch-event' | 'start-event' | 'event-subprocess-start';

export interface ProcessPath {
  bpmnProcessId: string;
  /** the sequence flow's id for a gateway branch, else the event's id */
  id: string;
  /** the flow's or the event's name (Chinese), or for an unnamed flow its gateway → target */
  name: string;
  kind: PathKind;
  /** e.g. 'timer', 'message', 'error' for events; the gateway's id and type for branches */
  detail: string;
}

/** the recorded file a ProcessHarness writes (tests/support/process-harness.ts, RecordedPaths) */
export interface Recorded {
  testFile?: string;
  processes: Record<string, { flowsTaken: string[]; activated: string[]; completed: string[] }>;
}

export interface ProcessCoverage {
  bpmnProcessId: string;
  file: string;
  total: number;
  covered: number;
  uncovered: ProcessPath[];
  /** uncovered but allowed, with the reason */
  allowed: (ProcessPath & { reason: string })[];
}

/**
 * Paths no test can reach, each with why. Keep it empty unless a path truly cannot be driven by a
 * test on the engine with the real workers and the controlled clock.
 */
export const ALLOWLIST: { bpmnProcessId: string; id: string; reason: string }[] = [];

const BRANCHING_GATEWAYS = new Set(['bpmn:ExclusiveGateway', 'bpmn:InclusiveGateway', 'bpmn:EventBasedGateway']);
const EVENT_KINDS: Record<string, string> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:CompensateEventDefinition': 'compensation',
};

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements are untyped here */
const eventKind = (element: any): string | undefined => {
  const definitions: any[] = element.eventDefinitions ?? [];
  if (definitions.length === 0) return undefined;
  return definitions.map((d) => EVENT_KINDS[d.$type] ?? d.$type.replace('bpmn:', '')).join('+');
};

const label = (element: any): string => (element?.name ? String(element.name).replace(/\s+/g, ' ').trim() : '');

/** the paths of every process in one BPMN file; throws naming the file when the XML cannot be read */
export async function modelPaths(xml: string, fileName = 'model.bpmn'): Promise<ProcessPath[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  let definitions: any;
  try {
    ({ rootElement: definitions } = await moddle.fromXML(xml, 'bpmn:Definitions'));
  } catch (error) {
    throw new Error(`${fileName}: not readable as BPMN (${error instanceof Error ? error.message : String(error)})`);
  }
  const paths: ProcessPath[] = [];
  for (const process of (definitions.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process')) {
    const bpmnProcessId: string = process.id;
    const add = (p: Omit<ProcessPath, 'bpmnProcessId'>) => paths.push({ bpmnProcessId, ...p });
    const walk = (container: any, inEventSubProcess: boolean) => {
      // outgoing flows from the flows' sourceRef (a model need not list <bpmn:outgoing>)
      const outgoing = new Map<string, any[]>();
      for (const flow of (container.flowElements ?? []).filter((e: any) => e.$type === 'bpmn:SequenceFlow')) {
        const source = flow.sourceRef?.id;
        if (source) outgoing.set(source, [...(outgoing.get(source) ?? []), flow]);
      }
      for (const element of container.flowElements ?? []) {
        const type: string = element.$type;
        const flows = outgoing.get(element.id) ?? [];
        if (BRANCHING_GATEWAYS.has(type) && flows.length > 1) {
          for (const flow of flows) {
            const target = flow.targetRef;
            const isDefault = element.default?.id === flow.id;
            add({
              id: flow.id,
              name: label(flow) || `${label(element) || element.id} → ${label(target) || target?.id}${isDefault ? '（默认）' : ''}`,
              kind: 'gateway-branch',
              detail: `${type.replace('bpmn:', '')} ${element.id}${isDefault ? ', default flow' : ''}`,
            });
          }
        } else if (type === 'bpmn:BoundaryEvent') {
          add({
            id: element.id,
            name: label(element),
            kind: 'boundary-event',
            detail: `${eventKind(element) ?? 'none'} on ${element.attachedToRef?.id}${element.cancelActivity === false ? ', non-interrupting' : ''}`,
          });
        } else if (type === 'bpmn:IntermediateCatchEvent') {
          add({ id: element.id, name: label(element), kind: 'catch-event', detail: eventKind(element) ?? 'none' });
        } else if (type === 'bpmn:StartEvent') {
          const kind = eventKind(element);
          if (inEventSubProcess) add({ id: element.id, name: label(element), kind: 'event-subprocess-start', detail: `${kind ?? 'none'} in ${container.id}` });
          else if (kind) add({ id: element.id, name: label(element), kind: 'start-event', detail: kind });
        }
        if (type === 'bpmn:SubProcess' || type === 'bpmn:Transaction' || type === 'bpmn:AdHocSubProcess') walk(element, element.triggeredByEvent === true);
      }
    };
    walk(process, false);
  }
  return paths;
}

/** whether the recorded run took the path */
export function isCovered(p: ProcessPath, recorded: Recorded['processes'][string] | undefined): boolean {
  if (!recorded) return false;
  switch (p.kind) {
    case 'gateway-branch':
      return recorded.flowsTaken.includes(p.id);
    case 'catch-event':
      return recorded.completed.includes(p.id);
    default:
      return recorded.activated.includes(p.id);
  }
}

/** the test files (relative to the checkout) whose recorded run took the path */
export function coveredBy(p: ProcessPath, files: Recorded[], root = process.cwd()): string[] {
  const tests = files.filter((f) => isCovered(p, f.processes?.[p.bpmnProcessId])).map((f) => (f.testFile ? path.relative(root, f.testFile) : '(unknown test)'));
  return [...new Set(tests)].sort();
}

/** the union of recorded files, by process id */
export function mergeRecorded(files: Recorded[]): Recorded['processes'] {
  const merged: Record<string, { flowsTaken: Set<string>; activated: Set<string>; completed: Set<string> }> = {};
  for (const file of files) {
    for (const [id, taken] of Object.entries(file.processes ?? {})) {
      const entry = (merged[id] ??= { flowsTaken: new Set(), activated: new Set(), completed: new Set() });
      for (const f of taken.flowsTaken ?? []) entry.flowsTaken.add(f);
      for (const e of taken.activated ?? []) entry.activated.add(e);
      for (const e of taken.completed ?? []) entry.completed.add(e);
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([id, e]) => [id, { flowsTaken: [...e.flowsTaken], activated: [...e.activated], completed: [...e.completed] }]),
  );
}

export function coverage(
  models: { file: string; paths: ProcessPath[] }[],
  recorded: Recorded['processes'],
  allowlist = ALLOWLIST,
): ProcessCoverage[] {
  const result: ProcessCoverage[] = [];
  for (const { file, paths } of models) {
    for (const bpmnProcessId of [...new Set(paths.map((p) => p.bpmnProcessId))]) {
      const own = paths.filter((p) => p.bpmnProcessId === bpmnProcessId);
      const missing = own.filter((p) => !isCovered(p, recorded[bpmnProcessId]));
      const allowed = missing.flatMap((p) => {
        const entry = allowlist.find((a) => a.bpmnProcessId === bpmnProcessId && a.id === p.id);
        return entry ? [{ ...p, reason: entry.reason }] : [];
      });
      result.push({
        bpmnProcessId,
        file,
        total: own.length,
        covered: own.length - missing.length,
        uncovered: missing.filter((p) => !allowed.some((a) => a.id === p.id)),
        allowed,
      });
    }
  }
  return result;
}

/** every recorded file in these directories; throws naming the directory when it is missing or empty */
export function readRecorded(dirs: string[]): Recorded[] {
  const files: Recorded[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) throw new Error(`--dir ${dir}: no such directory`);
    const names = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    if (names.length === 0) throw new Error(`--dir ${dir}: no recorded files (run the process tests with PROCESS_PATHS=1)`);
    for (const name of names) {
      try {
        files.push(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Recorded);
      } catch (error) {
        throw new Error(`${path.join(dir, name)}: not a recorded paths file (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
  return files;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestRun(): string {
  const base = path.join(ROOT, '.cache/process-paths');
  const runs = fs.existsSync(base) ? fs.readdirSync(base).filter((d) => fs.statSync(path.join(base, d)).isDirectory()).sort() : [];
  if (runs.length === 0) throw new Error(`no recorded run in ${path.relative(ROOT, base)}: run PROCESS_PATHS=1 npx vitest run tests/processes first`);
  return path.join(base, runs.at(-1)!);
}

function parseArgs(argv: string[]): { dirs: string[]; check: boolean; json: boolean; verbose: boolean } {
  const options = { dirs: [] as string[], check: false, json: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') options.check = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--dir') {
      const dir = argv[++i];
      if (!dir) throw new Error('--dir needs a directory');
      options.dirs.push(path.resolve(dir));
    } else throw new Error(`unknown argument '${arg}' (use --dir <dir>, --check, --json, --verbose)`);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const dirs = options.dirs.length ? options.dirs : [newestRun()];
  const processesDir = path.join(ROOT, 'processes');
  const models = await Promise.all(
    fs.readdirSync(processesDir).filter((f) => f.endsWith('.bpmn')).sort().map(async (file) => ({
      file,
      paths: await modelPaths(fs.readFileSync(path.join(processesDir, file), 'utf8'), file),
    })),
  );
  const files = readRecorded(dirs);
  const report = coverage(models, mergeRecorded(files));
  const uncovered = report.reduce((n, r) => n + r.uncovered.length, 0);
  const pathsOf = (id: string) => models.flatMap((m) => m.paths).filter((p) => p.bpmnProcessId === id);
  if (options.json) {
    const processes = report.map((r) => ({ ...r, paths: pathsOf(r.bpmnProcessId).map((p) => ({ ...p, coveredBy: coveredBy(p, files, ROOT) })) }));
    console.log(JSON.stringify({ dirs, uncovered, processes }, null, 2));
  } else {
    console.log(`recorded runs: ${dirs.map((d) => path.relative(ROOT, d) || d).join(', ')}`);
    for (const r of report) {
      console.log(`\n${r.bpmnProcessId} (${r.file}): ${r.covered}/${r.total} paths covered${r.uncovered.length ? `, ${r.uncovered.length} uncovered` : ''}`);
      for (const p of r.uncovered) console.log(`  - ${p.id}  ${p.name || '（无名称）'}  [${p.kind}: ${p.detail}]`);
      for (const p of r.allowed) console.log(`  ~ ${p.id}  ${p.name || '（无名称）'}  [${p.kind}: ${p.detail}] allowed: ${p.reason}`);
      if (options.verbose) {
        for (const p of pathsOf(r.bpmnProcessId)) {
          const by = coveredBy(p, files, ROOT);
          if (by.length) console.log(`  + ${p.id}  ${p.name || '（无名称）'}  [${p.kind}]  ← ${by.join(', ')}`);
        }
      }
    }
    const total = report.reduce((n, r) => n + r.total, 0);
    console.log(`\n${total - uncovered}/${total} paths covered${uncovered ? `; ${uncovered} uncovered` : ''}`);
  }
  return options.check && uncovered > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
