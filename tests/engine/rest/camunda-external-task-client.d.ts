/** The parts of camunda-external-task-client-js (3.1.0, no types of its own) the tests use. */
declare module 'camunda-external-task-client-js' {
  export interface TypedValue {
    value: unknown;
    type: string;
    valueInfo?: Record<string, unknown>;
  }

  export class Variables {
    constructor(initial?: Record<string, TypedValue>);
    get(name: string): unknown;
    getTyped(name: string): TypedValue;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): Variables;
    setTyped(name: string, typed: TypedValue): Variables;
    setAll(values: Record<string, unknown>): Variables;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    activityId: string;
    processInstanceId: string;
    processDefinitionKey: string;
    retries: number | null;
    extensionProperties?: Record<string, string>;
    variables: Variables;
  }

  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    interval?: number;
    lockDuration?: number;
    asyncResponseTimeout?: number;
    autoPoll?: boolean;
    usePriority?: boolean;
    interceptors?: ((config: Record<string, unknown>) => Record<string, unknown>) | Array<(config: Record<string, unknown>) => Record<string, unknown>>;
  }

  export class Client {
    constructor(options: ClientOptions);
    subscribe(topic: string, handler: (args: { task: Task; taskService: TaskService }) => unknown): { unsubscribe(): void };
    subscribe(topic: string, options: Record<string, unknown>, handler: (args: { task: Task; taskService: TaskService }) => unknown): { unsubscribe(): void };
    on(event: string, listener: (...args: unknown[]) => void): this;
    start(): void;
    stop(): void;
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
}
