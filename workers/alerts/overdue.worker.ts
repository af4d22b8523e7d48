/**
 * alerts.overdue — 超期预警: a key node of a case passed its due time (or is about to).
 *
 * Headers: `stage` (the node, e.g. 立案审查), `notify` (who is warned, e.g. 指挥中心), optional
 * `level` (`warning` before a period ends, `overdue` after; default overdue).
 * Appends the alert to the case's `alerts` list (variable) and logs it; the platform server shows
 * a case's alerts from its variables and the monitoring views. Result: `alerts` (list) and
 * `lastAlert` ({ stage, notify, level, at, caseNumber, elementId }).
 */
import { COMMAND_CENTRE } from '../../common/units.js';
import { defineWorker } from '../core/define-worker.js';
import { ALERTS_OVERDUE } from './job-types.js';

export interface OverdueAlert {
  stage: string;
  notify: string;
  level: string;
  at: string;
  caseNumber?: string;
  elementId: string;
  /** stable id: repeated deliveries of one warning do not add it twice */
  id: string;
}

export default defineWorker<{ caseNumber?: string; alerts?: OverdueAlert[] }, { stage?: string; notify?: string; level?: string }>({
  type: ALERTS_OVERDUE,
  description: '超期预警 (overdue warning on a key node)',
  fetchVariables: ['caseNumber', 'alerts'],
  handler(job, ctx) {
    const stage = job.customHeaders.stage;
    if (!stage) throw new Error(`元素 ${job.elementId} 缺少任务头 stage（超期的节点）`);
    const alert: OverdueAlert = {
      id: job.idempotencyKey,
      stage,
      notify: job.customHeaders.notify ?? COMMAND_CENTRE,
      level: job.customHeaders.level ?? 'overdue',
      at: ctx.now().toISOString(),
      caseNumber: job.variables.caseNumber,
      elementId: job.elementId,
    };
    const alerts = (Array.isArray(job.variables.alerts) ? job.variables.alerts : []).filter((a) => a.id !== alert.id);
    ctx.log.warn(`超期预警 ${alert.caseNumber ?? job.processInstanceKey}: ${stage} → ${alert.notify}`, { level: alert.level });
    return { alerts: [...alerts, alert], lastAlert: alert };
  },
});
