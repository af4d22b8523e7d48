/**
 * 拍卖公告 (网络司法拍卖): `asset` ({ description|name, appraisedValue }), `startingPrice`,
 * `auctionRound` (一拍 / 二拍), `auctionStart`, `auctionEnd`, `auctionPlatform`.
 */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

export default defineTemplate({
  kind: '拍卖公告',
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string; name?: string; appraisedValue?: number };
    const what = asset.description ?? asset.name ?? String(d.variables.assetDescription ?? '被执行人名下财产');
    return [
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），将于${d.dateText(d.variables.auctionStart)}10时至${d.dateText(d.variables.auctionEnd)}10时止（延时的除外）在${d.variables.auctionPlatform ?? '人民法院诉讼资产网'}进行公开网络拍卖活动（${d.variables.auctionRound ?? '第一次拍卖'}）。`,
      `拍卖标的：${what}。评估价${formatAmount(asset.appraisedValue)}，起拍价${formatAmount(d.variables.startingPrice)}。`,
      '竞买人应当具备完全民事行为能力，法律、行政法规和司法解释对买受人资格或者条件有特殊规定的，竞买人应当具备规定的资格或者条件。优先购买权人应于拍卖前向本院提交合法有效的证明，资格经确认后才能以优先购买权人身份参与竞买。',
      '对上述标的权属有异议者，请于拍卖前与本院联系。',
    ];
  },
});
