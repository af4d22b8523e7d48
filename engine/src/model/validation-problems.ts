/**
 * Collecting deployment problems, and printing them the way Zeebe's deployment rejection does:
 *
 *   'order.bpmn': - Element: Task_1 > extensionElements > taskDefinition
 *       - ERROR: Attribute 'type' must be present and not empty
 *   - Element: Flow_2
 *       - ERROR: Must have a condition or be default flow
 */
import type { ValidationProblem } from './executable-model.js';

export class ProblemCollector {
  readonly problems: ValidationProblem[] = [];

  /** `path` is Zeebe's element identifier when the problem sits on a child without id. */
  add(elementId: string, message: string, path?: string): void {
    const problem: ValidationProblem = { elementId, message };
    if (path !== undefined && path !== elementId) problem.elementPath = path;
    this.problems.push(problem);
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }
}

/**
 * Zeebe's text for a rejected resource: `'<resourceName>': ` followed by one `- Element:` block
 * per element (in order of first appearance), each problem on its own `    - ERROR:` line.
 * Problems of the resource as a whole (elementId '', e.g. XML that does not parse) are printed
 * as plain lines, as Zeebe prints a parse failure.
 */
export function formatProblems(resourceName: string, problems: ValidationProblem[]): string {
  const plain = problems.filter((p) => p.elementId === '' && !p.elementPath).map((p) => p.message);
  const groups = new Map<string, string[]>();
  for (const problem of problems) {
    const key = problem.elementPath ?? problem.elementId;
    if (key === '') continue;
    const messages = groups.get(key) ?? [];
    messages.push(problem.message);
    groups.set(key, messages);
  }

  let text = '';
  for (const [element, messages] of groups) {
    text += `- Element: ${element}\n`;
    for (const message of messages) text += `    - ERROR: ${message}\n`;
  }
  const head = plain.join('\n');
  const body = head !== '' && text !== '' ? `${head}\n${text}` : head + text;
  return `'${resourceName}': ${body}`;
}
