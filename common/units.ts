/**
 * The command centre's units (方案 §四(一)), written once: each is a candidate group of the
 * models' user tasks, a group of the platform's users, and a `notify` target of the overdue
 * warnings. The Chinese names are the values, exactly as the models and the console show them.
 */
export const UNITS = {
  /** 内勤: clerks (documents, service, 一键生成文书) */
  clerks: '内勤',
  /** 立案庭: the case-filing window (初次接待, 立案审查) */
  filing: '立案庭',
  /** 查控组: asset-search officers (网络查控, 冻结, 扣划) */
  assetSearch: '查控组',
  /** 网拍组: the online-auction group (评估, 询价, 司法网拍) */
  auction: '网拍组',
  /** 保全组: the preservation group (财产保全) */
  preservation: '保全组',
  /** 终本管理组: the finality-review group (终本审核, 入库, 动态管理) */
  finality: '终本管理组',
  /** 速执团队: the fast-track team (第一团队, 标的额 ≤ 5 万元 and simple) */
  fastTrack: '速执团队',
  /** 执行团队: an ordinary enforcement team */
  enforcement: '执行团队',
  /** 合议庭: the collegial panel */
  panel: '合议庭',
  /** 院领导: the court's leadership (院长, 执行局长 approvals) */
  leadership: '院领导',
} as const;

export type Unit = (typeof UNITS)[keyof typeof UNITS];

/** 指挥中心: the command centre itself, the default recipient of overdue warnings (not a candidate group) */
export const COMMAND_CENTRE = '指挥中心';

/** every unit, in the order the console lists them */
export const ALL_UNITS: readonly Unit[] = Object.values(UNITS);

export function isUnit(name: string): name is Unit {
  return (ALL_UNITS as readonly string[]).includes(name);
}
