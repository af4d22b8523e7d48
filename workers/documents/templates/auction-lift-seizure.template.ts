/** 解除查封裁定书 after a failed 变卖 that the applicant would not take in payment (AS 24, 25, 32). */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '解除查封裁定书',
  heading: '执行裁定书',
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    return [
      `申请执行人：${d.applicant.name}。`,
      `被执行人：${d.respondentNames}。`,
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中，查封的${asset.description ?? '被执行人的财产'}经两次网络拍卖流拍，网络变卖亦未成交，申请执行人不同意以物抵债。依照《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》第二十五条的规定，裁定如下：`,
      `解除对${asset.description ?? '上述财产'}的查封，将该财产退还被执行人${d.respondentNames}。`,
      '本裁定送达后即发生法律效力。',
    ];
  },
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
