/** bpmnlint 11 ships no types; this declares the part the server (services/lint.ts) and the process tests use. */
declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
  }

  export class Linter {
    constructor(options: { config: { extends?: string | string[]; rules?: Record<string, unknown> }; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  export default class NodeResolver {
    constructor(options?: Record<string, unknown>);
  }
}
