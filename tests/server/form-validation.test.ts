/**
 * The server's check of submitted task data against form-js rules, over a form shaped like the
 * court's 初次接待 form and the other component kinds: every error names the field's key and label.
 */
import { describe, expect, it } from 'vitest';
import { validateFormData } from '../../server/src/services/form-validation.js';

/** as processes/forms/intake-reception.form was first written (a copy: the model's form evolves) */
const RECEPTION = {
  id: 'intake-reception',
  components: [
    { type: 'text', id: 'Text_title', text: '### 执行立案初次接待' },
    { type: 'textfield', key: 'caseNumber', label: '案号', validate: { required: true } },
    { type: 'textfield', key: 'applicant', label: '申请执行人', validate: { required: true } },
    { type: 'textfield', key: 'debtor', label: '被执行人', validate: { required: true } },
    { type: 'textfield', key: 'debtorIdNumber', label: '被执行人身份证号码或统一社会信用代码' },
    { type: 'number', key: 'amount', label: '标的额（元）', decimalDigits: 2, validate: { required: true, min: 0 } },
    { type: 'radio', key: 'complexity', label: '案件复杂程度', values: [{ label: '案情相对简单', value: 'simple' }, { label: '案情复杂', value: 'complex' }], validate: { required: true } },
    { type: 'textarea', key: 'assetLeads', label: '财产线索' },
    { type: 'select', key: 'preservation', label: '保全情况', values: [{ label: '无保全', value: 'none' }, { label: '诉前保全', value: 'pre-suit' }], validate: { required: true } },
    { type: 'checkbox', key: 'riskNotified', label: '已告知执行风险（执行风险告知书）', validate: { required: true } },
  ],
};

describe('validateFormData', () => {
  it('checks the 初次接待 form: required text, number minimum, radio and select options, a checkbox that must be ticked', () => {
    const reception = RECEPTION;
    expect(validateFormData(reception, {}).map((e) => e.field)).toEqual(['caseNumber', 'applicant', 'debtor', 'amount', 'complexity', 'preservation', 'riskNotified']);
    const errors = validateFormData(reception, {
      caseNumber: '（2026）豫1330执1号',
      applicant: '甲',
      debtor: '乙',
      amount: -5,
      complexity: 'medium',
      preservation: 'none',
      riskNotified: false,
    });
    expect(errors).toEqual([
      { field: 'amount', label: '标的额（元）', message: '「标的额（元）」不能小于 0' },
      { field: 'complexity', label: '案件复杂程度', message: '「案件复杂程度」的取值不在可选范围内' },
      { field: 'riskNotified', label: '已告知执行风险（执行风险告知书）', message: '「已告知执行风险（执行风险告知书）」必须勾选' },
    ]);
    expect(
      validateFormData(reception, { caseNumber: 'x', applicant: '甲', debtor: '乙', amount: 100, complexity: 'simple', preservation: 'none', riskNotified: true }),
    ).toEqual([]);
  });

  it('walks groups with a path and dynamic lists, and checks checklists, e-mail and number types', () => {
    const schema = {
      components: [
        { type: 'group', path: 'contact', components: [{ type: 'textfield', key: 'email', label: '邮箱', validate: { validationType: 'email' } }] },
        {
          type: 'dynamiclist',
          path: 'assets',
          components: [
            { type: 'textfield', key: 'kind', label: '财产类型', validate: { required: true } },
            { type: 'number', key: 'value', label: '估值', validate: { max: 100 } },
          ],
        },
        { type: 'checklist', key: 'measures', label: '措施', values: [{ value: 'freeze' }, { value: 'seize' }], validate: { required: true } },
        { type: 'textarea', key: 'note', label: '备注', validate: { maxLength: 3 } },
      ],
    };
    const errors = validateFormData(schema, {
      contact: { email: 'not-an-email' },
      assets: [{ kind: '房产', value: 'abc' }, { value: 500 }],
      measures: ['freeze', 'auction'],
      note: '太长的备注',
    });
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ['contact.email', '「邮箱」不是有效的电子邮件地址'],
      ['assets.0.value', '「估值」应为数字'],
      ['assets.1.kind', '「财产类型」为必填项'],
      ['assets.1.value', '「估值」不能大于 100'],
      ['measures', '「措施」的取值不在可选范围内'],
      ['note', '「备注」长度不能超过 3 个字符'],
    ]);
  });

  it('skips fields hidden by their condition, evaluated over the task variables and the submitted data', () => {
    const schema = {
      components: [{ type: 'textfield', key: 'reason', label: '理由', validate: { required: true }, conditional: { hide: '=outcome != "reject"' } }],
    };
    expect(validateFormData(schema, {}, { outcome: 'accept' })).toEqual([]);
    expect(validateFormData(schema, {}, { outcome: 'reject' }).map((e) => e.field)).toEqual(['reason']);
    expect(validateFormData(schema, { outcome: 'accept' }, { outcome: 'reject' })).toEqual([]);
  });
});
