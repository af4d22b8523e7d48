/**
 * 拍卖通知书 (NA 16): tells the parties and the known pre-emption holders (`preemptionHolders`)
 * of the coming auction of `asset`, at least 3 days before the 拍卖公告.
 */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

export default defineTemplate({
  kind: '拍卖通知书',
  addressee: (d) => `${[d.applicant.name, ...d.respondents.map((r) => r.name)].join('、')}${d.variables.preemptionHolders ? `及优先购买权人（${d.variables.preemptionHolders}）` : ''}：`,
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    const round = Number(d.variables.auctionRound ?? 1) === 2 ? '第二次' : '第一次';
    return [
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），决定对${asset.description ?? '被执行人的财产'}进行${round}网络司法拍卖，起拍价${formatAmount(d.variables.startingPrice)}，拍卖平台为${d.variables.auctionPlatform ?? '人民法院诉讼资产网'}。`,
      '本院将于本通知送达三日后发布拍卖公告。优先购买权人可以参加竞买并行使优先购买权；未参与竞买的，视为放弃优先购买权。',
      '特此通知。',
    ];
  },
});
