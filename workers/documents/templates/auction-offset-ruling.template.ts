/** 以物抵债裁定书 (AS 16, 25): `asset`, `proceeds` (the 保留价 at which the applicant takes it). */
import { defineTemplate } from '../template.js';
import { formatAmount } from '../layout.js';

export default defineTemplate({
  kind: '以物抵债裁定书',
  heading: '执行裁定书',
  body: (d) => {
    const asset = (d.variables.asset ?? {}) as { description?: string };
    const price = formatAmount(d.required('proceeds'));
    return [
      `申请执行人：${d.applicant.name}。`,
      `被执行人：${d.respondentNames}。`,
      `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中，对${asset.description ?? '被执行人的财产'}依法拍卖，因无人竞买而流拍。申请执行人${d.applicant.name}同意以该次拍卖的保留价${price}接受该财产抵偿债务。依照《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》第十六条的规定，裁定如下：`,
      `一、将${asset.description ?? '上述财产'}作价${price}交付申请执行人${d.applicant.name}抵偿债务，所有权自本裁定送达申请执行人时起转移；`,
      '二、申请执行人可持本裁定书到财产管理机构办理相关产权过户登记手续。',
      '本裁定送达后即发生法律效力。',
    ];
  },
  signature: (d) => [`审判长　${d.variables.presidingJudge ?? d.variables.caseOfficer ?? ''}`.trim(), d.courtName],
});
