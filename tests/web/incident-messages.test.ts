/**
 * The incidents page's mapper of Zeebe's English incident messages to Chinese: each common message
 * (as the engine and Zeebe 8.8 word it) becomes Chinese with its names kept verbatim; anything else
 * stays as it is and is reported as not translated.
 */
import { describe, expect, it } from 'vitest';
import { incidentMessageZh, incidentTypeZh } from '../../web/src/features/monitoring/incident-messages.js';

const zh = (errorType: string, errorMessage: string, elementId?: string) => incidentMessageZh({ errorType, errorMessage, elementId });

describe('incident messages in Chinese', () => {
  it('says that a job ran out of retries, keeping the worker’s own message', () => {
    expect(zh('JOB_NO_RETRIES', 'No more retries left.')).toEqual({ text: '作业失败，重试次数已用完', translated: true });
    expect(zh('JOB_NO_RETRIES', '审判管理系统暂时无法访问')).toEqual({ text: '作业失败，重试次数已用完。失败原因：审判管理系统暂时无法访问', translated: true });
    expect(incidentMessageZh({ errorType: 'JOB_NO_RETRIES' })).toEqual({ text: '作业失败，重试次数已用完', translated: true });
  });

  it('names the expression and the missing variable of a failed FEEL evaluation', () => {
    expect(zh('EXTRACT_VALUE_ERROR', "failed to evaluate expression 'claimAmount > 50000': No variable found with name 'claimAmount'")).toEqual({
      text: '表达式 claimAmount > 50000 求值失败：找不到变量 claimAmount',
      translated: true,
    });
    expect(zh('IO_MAPPING_ERROR', "failed to evaluate expression 'applicant.phone': No context entry found with key 'phone'").text).toBe(
      '表达式 applicant.phone 求值失败：找不到字段 phone',
    );
    expect(zh('EXTRACT_VALUE_ERROR', "failed to parse expression 'a >': Expected an expression at 3").text).toBe('表达式 a > 语法错误：Expected an expression at 3');
  });

  it('names the expected and actual types of an expression’s result', () => {
    expect(zh('EXTRACT_VALUE_ERROR', "Expected result of the expression 'assignee' to be 'STRING', but was 'NULL'.").text).toBe(
      '表达式 assignee 的结果应为字符串，实际为空值（null）',
    );
    expect(zh('EXTRACT_VALUE_ERROR', "Expected result of the expression 'assets' to be 'ARRAY', but was 'STRING'.").text).toBe('表达式 assets 的结果应为列表，实际为字符串');
  });

  it('names the gateway where no outgoing flow’s condition matched', () => {
    expect(zh('CONDITION_ERROR', 'Expected at least one condition to evaluate to true, or to have a default flow', 'decideAcceptance')).toEqual({
      text: '网关 decideAcceptance 没有可走的出口：所有出口条件均不成立，且未设置默认流',
      translated: true,
    });
  });

  it('names an uncaught error code, a called process or form that is missing, and a failing decision', () => {
    expect(
      zh(
        'UNHANDLED_ERROR_EVENT',
        "Expected to throw an error event with the code 'asset-not-found' with message '未查到财产', but it was not caught. No error events are available in the scope.",
      ).text,
    ).toBe('错误码 asset-not-found 未被捕获：流程中没有接住该错误码的错误事件（错误信息：未查到财产）');
    expect(zh('CALLED_ELEMENT_ERROR', "Expected process with BPMN process id 'auction' to be deployed, but not found.").text).toBe('被调用的流程 auction 尚未部署');
    expect(zh('FORM_NOT_FOUND', "Expected to find a form with id 'intake-reception', but no form with this id is found").text).toBe('找不到表单 intake-reception：请部署该表单后重试');
    expect(zh('CALLED_DECISION_ERROR', "Expected to evaluate decision 'triage', but no decision found for id 'triage'").text).toBe('决策 triage 尚未部署');
  });

  it('leaves a message it does not know as it is', () => {
    expect(zh('UNKNOWN', 'Something else went wrong')).toEqual({ text: 'Something else went wrong', translated: false });
  });

  it('names the incident types in Chinese, an unknown type as itself', () => {
    expect(incidentTypeZh('CONDITION_ERROR')).toBe('条件判断错误');
    expect(incidentTypeZh('JOB_NO_RETRIES')).toBe('作业失败（重试次数已用完）');
    expect(incidentTypeZh('SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(incidentTypeZh(undefined)).toBe('—');
  });
});
