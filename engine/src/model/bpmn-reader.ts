/**
 * Reads BPMN XML with bpmn-moddle and the Zeebe descriptor. bpmn-moddle reports most defects as
 * warnings and carries on (dropping the element); here they become problems, except those that
 * Zeebe tolerates too (unknown extension elements, dangling diagram or lane references).
 */
import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { ModdleElement } from './moddle-element.js';
import { ProblemCollector } from './validation-problems.js';

export interface ReadResult {
  /** undefined when the XML could not be read at all */
  definitions?: ModdleElement;
  /** references that did not resolve, by `<element id>#<property>` → the id written in the XML */
  unresolved: Map<string, string>;
}

/** A syntax defect as bpmn-moddle words it: what, and where (line and column count from 0). */
interface ParseDefect {
  nested: string;
  content: string;
  line?: number;
  column?: number;
}

export async function readBpmn(xml: string, problems: ProblemCollector): Promise<ReadResult> {
  const unresolved = new Map<string, string>();
  const moddle = new BpmnModdle({ zeebe: zeebeDescriptor });
  let result;
  try {
    result = await moddle.fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    problems.add('', describeFailure(error));
    return { unresolved };
  }

  for (const warning of result.warnings) {
    if (warning.message.startsWith('unresolved reference')) {
      if (warning.element?.id && warning.property) {
        unresolved.set(`${warning.element.id}#${warning.property}`, warning.value ?? '');
      }
      continue;
    }
    reportWarning(warning, xml, problems);
  }
  return { definitions: result.rootElement as ModdleElement, unresolved };
}

function reportWarning(warning: ModdleWarning, xml: string, problems: ProblemCollector): void {
  const defect = parseDefect(warning.message);
  if (!defect) {
    problems.add(warning.element?.id ?? '', warning.message);
    return;
  }
  const duplicate = /^duplicate ID <(.*)>$/.exec(defect.nested);
  if (duplicate) {
    problems.add(
      duplicate[1],
      `Duplicate id '${duplicate[1]}': ids must be unique within the resource (${where(defect)})`,
    );
    return;
  }
  const unknown = /^unknown type <(.+):(.+)>$/.exec(defect.nested);
  if (unknown && unknown[1] !== 'bpmn') return; // extension elements Zeebe does not know are ignored
  const elementId = idAt(xml, defect) ?? '';
  const what = unknown ? `Unknown BPMN element ${defect.content}` : `${defect.nested} in ${defect.content}`;
  problems.add(elementId, `${what} (${where(defect)})`);
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const defects = [message, ...warningMessages(error)].map(parseDefect).filter((d) => d !== undefined);
  if (defects.length === 0) return `Failed to read the resource as BPMN XML: ${message}`;
  const details = defects.map((d) => `${d.nested}${d.content ? ` at ${d.content}` : ''} (${where(d)})`).join('; ');
  return `Failed to read the resource as BPMN XML: ${details}`;
}

function warningMessages(error: unknown): string[] {
  const warnings = (error as { warnings?: { message?: string }[] }).warnings;
  return Array.isArray(warnings) ? warnings.map((w) => w.message ?? '') : [];
}

function parseDefect(message: string): ParseDefect | undefined {
  const match = /^unparsable content (.*?) ?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: (.*)$/s.exec(
    message,
  );
  if (!match) return undefined;
  return { content: match[1], line: Number(match[2]), column: Number(match[3]), nested: match[4] };
}

function where(defect: ParseDefect): string {
  return `line ${(defect.line ?? 0) + 1}, column ${(defect.column ?? 0) + 1}`;
}

/** The id attribute of the start tag at the defect's position, if it has one. */
function idAt(xml: string, defect: ParseDefect): string | undefined {
  if (defect.line === undefined || defect.column === undefined) return undefined;
  const lines = xml.split('\n');
  const offset =
    lines.slice(0, defect.line).reduce((sum, line) => sum + line.length + 1, 0) + defect.column;
  const tag = xml.slice(offset, xml.indexOf('>', offset) + 1);
  return /\sid="([^"]*)"/.exec(tag)?.[1];
}
