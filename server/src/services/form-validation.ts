/**
 * Server-side check of a task's submitted data against its form-js schema (the form's own
 * rules): required, min/max, minLength/maxLength, pattern, validationType (email, phone),
 * numbers, the options of select/radio/checklist. Fields hidden by their `conditional.hide`
 * FEEL expression are not checked, as the form viewer does not submit them. Every error names
 * the field's key and its label.
 */
import { evaluate } from 'feelin';

export interface FormFieldError {
  field: string;
  label: string;
  message: string;
}

interface Component {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  components?: Component[];
  values?: { value: unknown; label?: string }[];
  valuesKey?: string;
  conditional?: { hide?: string };
  readonly?: boolean | string;
  disabled?: boolean;
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    validationType?: 'email' | 'phone' | 'custom';
  };
}

const INPUT_TYPES = new Set(['textfield', 'textarea', 'number', 'select', 'radio', 'checkbox', 'checklist', 'taglist', 'datetime']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function get(data: Record<string, unknown>, path: string[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function hidden(c: Component, context: Record<string, unknown>): boolean {
  const expr = c.conditional?.hide;
  if (!expr) return false;
  try {
    return evaluate(expr.replace(/^=/, ''), context).value === true;
  } catch {
    return false;
  }
}

/** `values` are what the user submits merged over the task's variables (the form's context) */
export function validateFormData(schema: unknown, values: Record<string, unknown>, context: Record<string, unknown> = {}): FormFieldError[] {
  const errors: FormFieldError[] = [];
  const root = (schema ?? {}) as { components?: Component[] };
  const scope = { ...context, ...values };
  const walk = (components: Component[] | undefined, prefix: string[]) => {
    for (const c of components ?? []) {
      if (hidden(c, scope)) continue;
      if ((c.type === 'group' || c.type === 'dynamiclist') && c.components) {
        const path = c.path ? [...prefix, ...c.path.split('.')] : prefix;
        if (c.type === 'dynamiclist') {
          const list = get(values, path);
          if (Array.isArray(list)) list.forEach((_, i) => walk(c.components, [...path, String(i)]));
        } else walk(c.components, path);
        continue;
      }
      if (!INPUT_TYPES.has(c.type) || !c.key || c.disabled || c.readonly === true) continue;
      const path = [...prefix, ...c.key.split('.')];
      const field = path.join('.');
      const label = c.label ?? c.key;
      const fail = (message: string) => errors.push({ field, label, message: `「${label}」${message}` });
      const value = get(values, path);
      const v = c.validate ?? {};
      if (isEmpty(value) || (c.type === 'checkbox' && v.required && value !== true)) {
        if (v.required) fail(c.type === 'checkbox' ? '必须勾选' : '为必填项');
        continue;
      }
      if (c.type === 'number') {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
        if (!Number.isFinite(n)) {
          fail('应为数字');
          continue;
        }
        if (v.min !== undefined && n < v.min) fail(`不能小于 ${v.min}`);
        if (v.max !== undefined && n > v.max) fail(`不能大于 ${v.max}`);
        continue;
      }
      if (c.type === 'checkbox') {
        if (typeof value !== 'boolean') fail('应为是或否');
        continue;
      }
      if ((c.type === 'select' || c.type === 'radio') && c.values && !c.valuesKey) {
        if (!c.values.some((o) => o.value === value)) fail(`的取值不在可选范围内`);
        continue;
      }
      if ((c.type === 'checklist' || c.type === 'taglist') && c.values && !c.valuesKey) {
        if (!Array.isArray(value) || value.some((x) => !c.values!.some((o) => o.value === x))) fail('的取值不在可选范围内');
        continue;
      }
      if (c.type === 'textfield' || c.type === 'textarea' || c.type === 'datetime') {
        if (typeof value !== 'string') {
          fail('应为文本');
          continue;
        }
        if (v.minLength !== undefined && value.length < v.minLength) fail(`长度不能少于 ${v.minLength} 个字符`);
        if (v.maxLength !== undefined && value.length > v.maxLength) fail(`长度不能超过 ${v.maxLength} 个字符`);
        if (v.validationType === 'email' && !EMAIL.test(value)) fail('不是有效的电子邮件地址');
        else if (v.validationType === 'phone' && !PHONE.test(value)) fail('不是有效的电话号码');
        else if (v.pattern && !new RegExp(v.pattern).test(value)) fail('格式不正确');
      }
    }
  };
  walk(root.components, []);
  return errors;
}
