/** Messages the timers page adds to `timers` in app/locales, merged into the console's i18n under `timersPage`. */
export const timersZhCN = {
  timersPage: {
    parties: '申请执行人 / 被执行人',
    scopeAll: '全部案件',
    scopeMine: '我承办及参与的案件',
    unavailable: '所连接的流程引擎不提供定时器查询，此处仅列出任务的办理期限。',
  },
};

export const timersEn: typeof timersZhCN = {
  timersPage: {
    parties: 'Applicant / respondents',
    scopeAll: 'All cases',
    scopeMine: 'Cases I work on',
    unavailable: 'The connected engine does not list timers; only the tasks’ deadlines are shown.',
  },
};
