/** 协助执行通知书（过户）: to the registry, to register the sold (or offset) asset to `buyer` or the applicant. */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '协助执行通知书（过户）',
  heading: '协助执行通知书',
  addressee: (d) => `${String(d.variables.registry ?? '不动产登记中心（车辆管理所、市场监督管理局）')}：`,
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    const offset = d.variables.auctionResult === 'offsetDebt' || d.variables.offsetDecision === 'accept';
    const owner = offset ? `申请执行人${d.applicant.name}` : `买受人${(d.variables.buyer as { name?: string } | null)?.name ?? '（买受人）'}`;
    return [
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），已作出执行裁定，将${asset.description ?? '被执行人的财产'}${offset ? '交付申请执行人抵偿债务' : '拍卖（变卖）成交'}。`,
      `请你单位协助将上述财产的权属登记至${owner}名下，并解除本院对该财产的查封。`,
    ];
  },
  closing: () => ['附：执行裁定书一份'],
});
