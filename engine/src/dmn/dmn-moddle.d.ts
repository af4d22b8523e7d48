/** dmn-moddle 12 ships no types; this declares the part the parser uses. */
declare module 'dmn-moddle' {
  export interface DmnModdleWarning {
    message: string;
    element?: { id?: string; $type?: string };
    property?: string;
    value?: string;
  }

  export interface DmnModdleImportResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    warnings: DmnModdleWarning[];
  }

  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<DmnModdleImportResult>;
  }
}
