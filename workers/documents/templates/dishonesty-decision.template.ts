/** 失信决定书: 纳入失信被执行人名单; `dishonestyReason` and `dishonestyYears` (variables) */
import { defineTemplate } from '../template.js';

export default defineTemplate({
  kind: '失信决定书',
  heading: '决定书',
  body: (d) => [
    `申请执行人：${d.applicant.name}。`,
    `被执行人：${d.respondentNames}。`,
    `本院在执行${d.applicant.name}申请执行${d.respondentNames}一案中（${d.caseNumber}），被执行人${d.variables.dishonestyReason ?? '有履行能力而拒不履行生效法律文书确定的义务'}。依照《中华人民共和国民事诉讼法》第二百六十六条、《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条、第二条的规定，决定如下：`,
    `将被执行人${d.respondentNames}纳入失信被执行人名单${d.variables.dishonestyYears ? `，期限为${d.variables.dishonestyYears}年` : ''}。`,
    '被执行人认为本决定有错误的，可以向本院申请纠正。本决定一经作出即生效。',
  ],
});
