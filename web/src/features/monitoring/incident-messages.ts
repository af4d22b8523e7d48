/**
 * Zeebe's incident messages are English, and a supervisor reads Chinese: the common ones are
 * rewritten here, with the names they carry (expression, variable, gateway, error code, process id)
 * kept verbatim. A message no rule knows stays as it is; the console always keeps the original at hand.
 */

/** Zeebe's value types as FEEL and the engine name them */
const TYPES: Record<string, string> = {
  STRING: '字符串',
  NUMBER: '数字',
  BOOLEAN: '布尔值',
  NULL: '空值（null）',
  ARRAY: '列表',
  LIST: '列表',
  OBJECT: '对象',
  CONTEXT: '对象',
  DATE_TIME: '日期时间',
  DATE: '日期',
  DURATION: '时长',
};
const typeZh = (type: string) => TYPES[type.toUpperCase()] ?? type;

/** the reason after "failed to evaluate expression '…': " */
function reasonZh(reason: string): string {
  const variable = /^No variable found with name '([^']+)'/.exec(reason);
  if (variable) return `找不到变量 ${variable[1]}`;
  const entry = /^No context entry found with key '([^']+)'/.exec(reason);
  if (entry) return `找不到字段 ${entry[1]}`;
  return reason;
}

export const INCIDENT_TYPES: Record<string, string> = {
  JOB_NO_RETRIES: '作业失败（重试次数已用完）',
  EXTRACT_VALUE_ERROR: '表达式取值错误',
  CONDITION_ERROR: '条件判断错误',
  IO_MAPPING_ERROR: '变量映射错误',
  UNHANDLED_ERROR_EVENT: '错误未被捕获',
  CALLED_ELEMENT_ERROR: '调用子流程错误',
  CALLED_DECISION_ERROR: '调用决策错误',
  DECISION_EVALUATION_ERROR: '决策求值错误',
  FORM_NOT_FOUND: '找不到表单',
  RESOURCE_NOT_FOUND: '找不到资源',
  MESSAGE_SIZE_EXCEEDED: '消息超出大小限制',
  EXECUTION_LISTENER_NO_RETRIES: '执行监听器重试次数已用完',
  TASK_LISTENER_NO_RETRIES: '任务监听器重试次数已用完',
  UNKNOWN: '未知异常',
};

/** the incident type in Chinese (the type itself when unknown) */
export function incidentTypeZh(errorType: string | undefined): string {
  if (!errorType) return '—';
  return INCIDENT_TYPES[errorType] ?? errorType;
}

export interface IncidentContext {
  errorType?: string;
  errorMessage?: string;
  /** the element the incident is at: named in messages that do not carry it (a gateway's) */
  elementId?: string;
}

type Rule = (message: string, incident: IncidentContext) => string | undefined;

const match =
  (pattern: RegExp, render: (m: RegExpExecArray, incident: IncidentContext) => string): Rule =>
  (message, incident) => {
    const m = pattern.exec(message);
    return m ? render(m, incident) : undefined;
  };

const RULES: Rule[] = [
  match(/^No more retries left\.?$/, () => '作业失败，重试次数已用完'),
  match(/^Expected at least one condition to evaluate to true, or to have a default flow/, (_, i) =>
    `${i.elementId ? `网关 ${i.elementId} ` : '网关'}没有可走的出口：所有出口条件均不成立，且未设置默认流`,
  ),
  match(/^failed to evaluate expression '([\s\S]+?)': ([\s\S]*)$/, (m) => `表达式 ${m[1]} 求值失败：${reasonZh(m[2]!)}`),
  match(/^failed to parse expression '([\s\S]+?)': ([\s\S]*)$/, (m) => `表达式 ${m[1]} 语法错误：${m[2]}`),
  match(/^Assertion failure on evaluate the expression '([\s\S]+?)': ([\s\S]*)$/, (m) => `表达式 ${m[1]} 断言失败：${m[2]}`),
  match(/^Expected result of the expression '([\s\S]+?)' to be an integer, but was a decimal/, (m) => `表达式 ${m[1]} 的结果应为整数，实际为小数`),
  match(
    /^Expected result of the expression '([\s\S]+?)' to be '?([A-Z_]+)'?, but was '?([A-Z_]+)'?/,
    (m) => `表达式 ${m[1]} 的结果应为${typeZh(m[2]!)}，实际为${typeZh(m[3]!)}`,
  ),
  match(
    /^Expected to throw an error event with the code '([^']*)'(?: with message '([\s\S]*?)')?, but it was not caught/,
    (m) => `错误码 ${m[1]} 未被捕获：流程中没有接住该错误码的错误事件${m[2] ? `（错误信息：${m[2]}）` : ''}`,
  ),
  match(/^Expected process with BPMN process id '([^']+)' to be deployed, but not found/, (m) => `被调用的流程 ${m[1]} 尚未部署`),
  match(/^Expected process with BPMN process id '([^']+)' to have a none start event/, (m) => `被调用的流程 ${m[1]} 没有空启动事件`),
  match(/^Expected to find a form with id '([^']+)'/, (m) => `找不到表单 ${m[1]}：请部署该表单后重试`),
  match(/^Expected to use a form with id '([^']+)' with binding type 'deployment'/, (m) => `与流程一起部署的表单 ${m[1]} 不存在`),
  match(/^Expected to evaluate decision '([^']+)', but no decision found for id '([^']+)'/, (m) => `决策 ${m[1]} 尚未部署`),
  match(/^Expected to evaluate decision '([^']+)', but ([\s\S]*)$/, (m) => `决策 ${m[1]} 求值失败：${m[2]}`),
];

/**
 * The incident's message in Chinese, and whether a rule knew it. A job that failed with the
 * worker's own message (often Chinese already) keeps that message, introduced as such.
 */
export function incidentMessageZh(incident: IncidentContext): { text: string; translated: boolean } {
  const message = (incident.errorMessage ?? '').trim();
  if (!message) return { text: incident.errorType === 'JOB_NO_RETRIES' ? '作业失败，重试次数已用完' : '—', translated: incident.errorType === 'JOB_NO_RETRIES' };
  for (const rule of RULES) {
    const text = rule(message, incident);
    if (text) return { text, translated: true };
  }
  if (incident.errorType === 'JOB_NO_RETRIES') return { text: `作业失败，重试次数已用完。失败原因：${message}`, translated: true };
  return { text: message, translated: false };
}
