/**
 * bpmn-moddle 10 ships types for its meta-model only (`bpmn-moddle/types`), not for the
 * `BpmnModdle` entry point; this declares the part the reader uses.
 */
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    /** set for unresolved references */
    element?: { id?: string; $type?: string };
    property?: string;
    value?: string;
    error?: Error;
  }

  export interface ModdleImportResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    warnings: ModdleWarning[];
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ModdleImportResult>;
  }
}
