/** 解除查封裁定书: after a failed 变卖 the applicant would not take in payment (AS 24, 25, 32), or a 无益拍卖 the applicant did not insist on (AS 6). */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '解除查封裁定书',
  heading: '执行裁定书',
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    // 无益拍卖 (AS 6): the applicant did not ask for the auction to go on
    const noSurplus = d.variables.noSurplus === true && d.variables.applicantInsisted !== true && Number(d.variables.auctionRound ?? 1) === 1 && d.variables.listingNumber === 0;
    return [
      `申请执行人：${d.applicant.name}。`,
      `被执行人：${d.respondentNames}。`,
      noSurplus
        ? `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中，查封的${asset.description ?? '被执行人的财产'}拍卖所得价款在清偿优先债权和强制执行费用后无剩余可能，本院已通知申请执行人，申请执行人未在五日内申请继续拍卖。依照《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》第六条的规定，裁定如下：`
        : `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中，查封的${asset.description ?? '被执行人的财产'}经两次网络拍卖流拍，网络变卖亦未成交，申请执行人不同意以物抵债。依照《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》第二十五条的规定，裁定如下：`,
      `解除对${asset.description ?? '上述财产'}的查封，将该财产退还被执行人${d.respondentNames}。`,
      '本裁定送达后即发生法律效力。',
    ];
  },
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
