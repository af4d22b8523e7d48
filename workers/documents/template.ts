/**
 * A 文书 template: the document kind (its Chinese name, which models put in the `documentKind`
 * header), the title and the body paragraphs. The court's layout (court name, title, 案号
 * right-aligned, body, 落款 and date) is shared in `layout.ts`.
 *
 * Templates live one per file in `workers/documents/templates/*.template.ts`, default-exporting
 * `defineTemplate({...})`; the registry finds them at first use, so adding a document kind is
 * adding a file.
 */
import type { WorkerConfig } from '../core/context.js';

export interface Party {
  name: string;
  kind?: 'person' | 'organization';
  idNumber?: string;
  phone?: string;
  address?: string;
}

/** what a template reads: the job's variables and headers, and derived fields */
export interface TemplateData {
  variables: Record<string, any>;
  headers: Record<string, string>;
  config: WorkerConfig;
  courtName: string;
  caseNumber: string;
  applicant: Party;
  respondents: Party[];
  /** 被执行人 names joined with 、 */
  respondentNames: string;
  /** 标的额 as 人民币 12,345.00 元 */
  claimAmountText: string;
  /** 执行依据, e.g. 本院（2025）豫1330民初456号民事判决书 */
  basisText: string;
  /** the date of issue in Chinese, e.g. 二〇二六年十一月二十九日 */
  issueDate: string;
  /** a date-time variable written as a Chinese date */
  dateText(value: unknown): string;
  /** a required variable; throws naming it when absent */
  required<T = unknown>(name: string): T;
}

export interface DocumentTemplate {
  /** the document kind, e.g. 执行通知书 */
  kind: string;
  /** the heading; default the kind */
  heading?: string;
  /** 主送: the addressee line, e.g. 张三： */
  addressee?(data: TemplateData): string | undefined;
  /** body paragraphs, each one indented paragraph */
  body(data: TemplateData): string[];
  /** lines after the body and before the 落款 (e.g. 附：…) */
  closing?(data: TemplateData): string[];
  /** 落款 when not the court (e.g. 合议庭 members) */
  signature?(data: TemplateData): string[];
}

export const defineTemplate = (template: DocumentTemplate): DocumentTemplate => {
  if (!template.kind) throw new Error('defineTemplate：缺少文书种类 kind');
  if (typeof template.body !== 'function') throw new Error(`defineTemplate(${template.kind})：body 应为函数`);
  return template;
};
