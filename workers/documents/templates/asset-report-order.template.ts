/** 报告财产令: the respondent must report their property */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '报告财产令',
  addressee: (d) => `${d.respondentNames}：`,
  body: (d) => [
    `本院在执行${d.applicant.name}申请执行你（单位）一案（${d.caseNumber}）中，依照《中华人民共和国民事诉讼法》第二百五十二条的规定，责令你（单位）在收到本令后五日内，如实向本院报告当前以及收到执行通知之日前一年的财产情况。`,
    '报告的财产包括：收入、银行存款、现金、理财产品、有价证券；土地使用权、房屋等不动产；交通运输工具、机器设备等动产；债权、股权、投资权益、知识产权等财产性权利；其他应当报告的财产。',
    '拒绝报告或者虚假报告的，本院可以根据情节轻重对你（单位）或者你单位的主要负责人、实际控制人予以罚款、拘留；构成犯罪的，依法追究刑事责任。',
  ],
});
