/**
 * The court's layout for a 文书 as DOCX: court name and document title centred (宋体/黑体), the
 * 案号 right-aligned, the addressee, the body indented two characters, then the 落款 (court) and
 * the date right-aligned.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { DocumentTemplate, Party, TemplateData } from './template.js';
import type { WorkerConfig } from '../core/context.js';
import { chinaDate } from '../../common/calendar.js';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 2026-11-29 → 二〇二六年十一月二十九日 */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const small = (n: number) => (n < 10 ? DIGITS[n]! : n < 20 ? `十${n % 10 ? DIGITS[n % 10] : ''}` : `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`);
  return `${String(y).split('').map((c) => DIGITS[Number(c)]).join('')}年${small(m)}月${small(d)}日`;
}

export const formatAmount = (amount: unknown) =>
  typeof amount === 'number' && Number.isFinite(amount)
    ? `人民币${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`
    : '人民币（金额待定）元';

const party = (p: unknown): Party | undefined =>
  typeof p === 'string' ? { name: p } : p && typeof p === 'object' && typeof (p as Party).name === 'string' ? (p as Party) : undefined;

export function templateData(variables: Record<string, any>, headers: Record<string, string>, config: WorkerConfig, now: Date): TemplateData {
  const required = <T>(name: string): T => {
    const value = variables[name] ?? headers[name];
    if (value === undefined || value === null || value === '') throw new Error(`缺少流程变量 ${name}（生成本文书所必需）`);
    return value as T;
  };
  const applicant = party(variables.applicant) ?? party(variables.applicantName) ?? { name: '（申请执行人）' };
  const respondents = (Array.isArray(variables.respondents) ? variables.respondents : [variables.respondent ?? variables.respondentName ?? variables.debtor])
    .map(party)
    .filter((p): p is Party => Boolean(p));
  const basis = variables.basisDocument as { court?: string; number?: string; kind?: string } | undefined;
  const dateText = (value: unknown) => {
    if (typeof value !== 'string' && typeof value !== 'number') return '（日期待定）';
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? String(value) : chineseDate(chinaDate(d));
  };
  return {
    variables,
    headers,
    config,
    courtName: config.courtName,
    caseNumber: required<string>('caseNumber'),
    applicant,
    respondents,
    respondentNames: respondents.map((p) => p.name).join('、') || '（被执行人）',
    claimAmountText: formatAmount(variables.claimAmount ?? variables.amount),
    basisText: basis ? `${basis.court ?? ''}${basis.number ?? ''}${basis.kind ?? ''}` : '（执行依据）',
    issueDate: chineseDate(chinaDate(now)),
    dateText,
    required,
  };
}

const FONT = { ascii: 'Times New Roman', eastAsia: '仿宋', hAnsi: 'Times New Roman' };
const run = (text: string, options: { size?: number; bold?: boolean; font?: string } = {}) =>
  new TextRun({ text, size: options.size ?? 32, bold: options.bold, font: options.font ? { eastAsia: options.font, ascii: options.font, hAnsi: options.font } : FONT });

export async function renderDocument(template: DocumentTemplate, data: TemplateData): Promise<Buffer> {
  const paragraphs: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(data.courtName, { size: 44, bold: true, font: '宋体' })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(template.heading ?? template.kind, { size: 52, bold: true, font: '宋体' })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 300 }, children: [run(data.caseNumber)] }),
  ];
  const addressee = template.addressee?.(data);
  if (addressee) paragraphs.push(new Paragraph({ children: [run(addressee)] }));
  for (const text of template.body(data)) paragraphs.push(new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560 }, children: [run(text)] }));
  for (const text of template.closing?.(data) ?? []) paragraphs.push(new Paragraph({ indent: { firstLine: 640 }, children: [run(text)] }));
  paragraphs.push(new Paragraph({ children: [] }));
  for (const line of template.signature?.(data) ?? [data.courtName]) {
    paragraphs.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(line)] }));
  }
  paragraphs.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(data.issueDate)] }));
  paragraphs.push(new Paragraph({ alignment: AlignmentType.LEFT, children: [run('（院印）', { size: 24 })] }));
  const doc = new Document({
    creator: data.courtName,
    title: `${template.heading ?? template.kind} ${data.caseNumber}`,
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } }, children: paragraphs }],
  });
  return Packer.toBuffer(doc);
}
