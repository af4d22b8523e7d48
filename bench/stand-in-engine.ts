/**
 * BENCHMARK STAND-IN. An `EngineApi` that does no engine work, put behind the real gRPC gateway
 * (`startGrpcGateway`) to measure what the clients, the SDK and the gateway can carry on their
 * own: the client-side ceiling the real engine is compared with.
 *
 * It knows a model only as its process id and the ordered job types of its service tasks (read
 * with regular expressions from the deployed XML). `createProcessInstance` answers at once and
 * makes the first task's job available; `activateJobs` hands out what is queued for the type;
 * `completeJob` makes the next task's job available, or marks the instance done after the last.
 * No persistence, no records, no variables, no BPMN semantics. Every other `EngineApi` command
 * (the interface grows with the engine) is rejected by a proxy, so the stand-in keeps compiling.
 *
 * Run as a program (`node --import tsx bench/stand-in-engine.ts`), it deploys the models of
 * bench/fixtures, listens on STANDIN_GRPC_PORT (0 = any free port) and prints
 * `stand-in ready: gRPC <port>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  ActivatedJob,
  ActivateJobsInput,
  CreatedProcessInstance,
  CreateProcessInstanceInput,
  DeployedProcess,
  DeployResourceInput,
  EngineApi,
  EngineClock,
  Rejection,
  Variables,
} from '../engine/src/engine-api.js';
import { startGrpcGateway } from '../engine/src/gateway/grpc/grpc-gateway.js';
import { err, ok, type Result } from '../engine/src/util/result.js';

/** the part of the engine's interface the benchmark drives */
type BenchSurface = Pick<EngineApi, 'partitionId' | 'clock' | 'createProcessInstance' | 'activateJobs' | 'onJobsAvailable' | 'completeJob'>;

interface StandInModel extends DeployedProcess {
  jobTypes: string[];
}

interface StandInJob {
  key: string;
  type: string;
  taskIndex: number;
  instance: StandInInstance;
  state: 'ACTIVATABLE' | 'ACTIVATED';
}

interface StandInInstance {
  key: string;
  model: StandInModel;
}

const TENANT = '<default>';

export class StandInEngine implements BenchSurface {
  readonly partitionId = 1;
  readonly clock: EngineClock = {
    controlled: false,
    now: () => Date.now(),
    pin: () => undefined,
    add: () => undefined,
    reset: () => undefined,
  };
  /** instances created and instances completed, for the report */
  created = 0;
  completed = 0;

  private nextKey = 2251799813685249n;
  private readonly models = new Map<string, StandInModel>();
  /** activatable jobs by type, oldest first */
  private readonly queues = new Map<string, StandInJob[]>();
  private readonly jobs = new Map<string, StandInJob>();
  private readonly listeners = new Map<string, Set<() => void>>();

  private key(): string {
    return String(this.nextKey++);
  }

  /** learns the models (process id and job types) of these BPMN resources */
  deployModels(resources: DeployResourceInput[], tenantId = TENANT): DeployedProcess[] {
    const processes: DeployedProcess[] = [];
    for (const resource of resources) {
      const xml = resource.content.toString('utf8');
      const id = /<bpmn:process id="([^"]+)"/.exec(xml)?.[1];
      if (!id) continue;
      const jobTypes = [...xml.matchAll(/<zeebe:taskDefinition type="([^"]+)"/g)].map((m) => m[1]!);
      const model: StandInModel = { bpmnProcessId: id, version: 1, processDefinitionKey: this.key(), resourceName: resource.name, tenantId, jobTypes };
      this.models.set(id, model);
      processes.push({ bpmnProcessId: id, version: 1, processDefinitionKey: model.processDefinitionKey, resourceName: resource.name, tenantId });
    }
    return processes;
  }

  async createProcessInstance(input: CreateProcessInstanceInput): Promise<Result<CreatedProcessInstance, Rejection>> {
    const model = input.bpmnProcessId ? this.models.get(input.bpmnProcessId) : [...this.models.values()].find((m) => m.processDefinitionKey === input.processDefinitionKey);
    if (!model) return err({ intent: 'CREATE', type: 'NOT_FOUND', reason: `Expected to find process definition with process ID '${input.bpmnProcessId}', but none found` });
    const instance: StandInInstance = { key: this.key(), model };
    this.created++;
    this.makeJob(instance, 0);
    return ok({ processDefinitionKey: model.processDefinitionKey, bpmnProcessId: model.bpmnProcessId, version: model.version, processInstanceKey: instance.key, tenantId: model.tenantId });
  }




  async activateJobs(input: ActivateJobsInput): Promise<Result<ActivatedJob[], Rejection>> {
    const queue = this.queues.get(input.type);
    if (!queue || queue.length === 0) return ok([]);
    const deadline = Date.now() + input.timeout;
    const taken = queue.splice(0, input.maxJobsToActivate);
    return ok(
      taken.map((job) => {
        job.state = 'ACTIVATED';
        const { model } = job.instance;
        return {
          key: job.key,
          type: job.type,
          processInstanceKey: job.instance.key,
          bpmnProcessId: model.bpmnProcessId,
          processDefinitionVersion: model.version,
          processDefinitionKey: model.processDefinitionKey,
          elementId: `task-${job.taskIndex + 1}`,
          elementInstanceKey: job.key,
          customHeaders: {},
          worker: input.worker,
          retries: 3,
          deadline,
          variables: {},
          tenantId: model.tenantId,
        };
      }),
    );
  }

  onJobsAvailable(type: string, listener: () => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async completeJob(jobKey: string, _variables?: Variables): Promise<Result<void, Rejection>> {
    const job = this.jobs.get(jobKey);
    if (!job) return err({ intent: 'COMPLETE', type: 'NOT_FOUND', reason: `Expected to complete job with key '${jobKey}', but no such job was found` });
    if (job.state !== 'ACTIVATED') return err({ intent: 'COMPLETE', type: 'INVALID_STATE', reason: `Expected to complete job with key '${jobKey}', but it is in state '${job.state}'` });
    this.jobs.delete(jobKey);
    if (job.taskIndex + 1 < job.instance.model.jobTypes.length) this.makeJob(job.instance, job.taskIndex + 1);
    else this.completed++; // the instance is done
    return ok(undefined);
  }






  private makeJob(instance: StandInInstance, taskIndex: number): void {
    const type = instance.model.jobTypes[taskIndex]!;
    const job: StandInJob = { key: this.key(), type, taskIndex, instance, state: 'ACTIVATABLE' };
    this.jobs.set(job.key, job);
    let queue = this.queues.get(type);
    if (!queue) this.queues.set(type, (queue = []));
    queue.push(job);
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}

/** the stand-in as a whole `EngineApi`: commands it does not know are rejected */
export function asEngineApi(standIn: StandInEngine): EngineApi {
  return new Proxy(standIn, {
    get(target, property, receiver) {
      if (typeof property === 'symbol' || property === 'then') return undefined;
      if (property in target) {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async () => err({ intent: String(property), type: 'PROCESSING_ERROR', reason: `not supported by the benchmark stand-in: ${String(property)}` });
    },
  }) as unknown as EngineApi;
}

async function main(): Promise<void> {
  const engine = new StandInEngine();
  const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
  const resources = fs
    .readdirSync(fixtures)
    .filter((f) => f.endsWith('.bpmn'))
    .map((name) => ({ name, content: fs.readFileSync(path.join(fixtures, name)) }));
  engine.deployModels(resources);
  const gateway = await startGrpcGateway(asEngineApi(engine), { host: '127.0.0.1', port: Number(process.env.STANDIN_GRPC_PORT ?? 0) });
  console.info(`stand-in ready: gRPC ${gateway.port}`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.info(`stand-in: ${engine.created} instances created, ${engine.completed} completed`);
      void gateway.close().then(() => process.exit(0));
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
