/**
 * 拍卖成交裁定书 (NA 22; AS 20): `asset`, `buyer` ({ name }), `winningBid`, `auctionRound`
 * (1 一拍, 2 二拍, 3 变卖), `listing` ({ listingId }), `auctionPlatform`.
 */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

const ROUND = ['第一次网络拍卖', '第二次网络拍卖', '网络变卖'];

export default defineTemplate({
  kind: '拍卖成交裁定书',
  heading: '执行裁定书',
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    const buyer = d.required<{ name: string }>('buyer');
    const round = ROUND[Number(d.variables.auctionRound ?? 1) - 1] ?? ROUND[0];
    return [
      `申请执行人：${d.applicant.name}。`,
      `被执行人：${d.respondentNames}。`,
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中，于${d.dateText(d.variables.auctionStart)}在${d.variables.auctionPlatform ?? '人民法院诉讼资产网'}对${asset.description ?? '被执行人的财产'}进行${round}，买受人${buyer.name}以最高价${formatAmount(d.required('winningBid'))}竞得，并已全额交付价款。依照《最高人民法院关于人民法院网络司法拍卖若干问题的规定》第二十二条、《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》第二十条的规定，裁定如下：`,
      `一、${asset.description ?? '上述财产'}的所有权（使用权）归买受人${buyer.name}所有，自本裁定送达买受人时起转移；`,
      '二、买受人可持本裁定书到财产管理机构办理相关产权过户登记手续。',
      '本裁定送达后即发生法律效力。',
    ];
  },
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
