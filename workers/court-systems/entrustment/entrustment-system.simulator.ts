/**
 * EntrustmentSystemSimulator: a deterministic local stand-in for the entrustment management
 * system, for development, demos and tests. Nothing leaves the process.
 *
 * Sent entrustments get ids `SIM-WT-1`, `SIM-WT-2`, … in order; every request is recorded once per
 * `requestId` (`sent`, `notices`), which is what a test inspects. Received entrustments are
 * scripted with `receive(file)`, which also reports them as the event `entrustment.received`; an
 * unscripted id yields a fixed sample file from 南阳市宛城区人民法院.
 * The other court's answers are scripted with `answer(entrustmentId, type, variables)` and come
 * out of `pollEvents` in order, as the court inbox reads them.
 */
import { SimulatedEventLog, type InboundPage } from '../inbound.js';
import type {
  EntrustmentAnswer,
  EntrustmentAnswerVariables,
  EntrustmentNotice,
  EntrustmentSystem,
  IncomingEntrustment,
  NoticeReceipt,
  OutgoingEntrustment,
  SentEntrustment,
} from './entrustment-system.js';

export class EntrustmentSystemSimulator implements EntrustmentSystem {
  readonly inboundName = 'entrustment-system';
  private readonly answers = new SimulatedEventLog();
  readonly sent: (OutgoingEntrustment & SentEntrustment)[] = [];
  readonly notices: (NoticeReceipt & { requestId: string; notice: EntrustmentNotice })[] = [];
  private readonly incoming = new Map<string, IncomingEntrustment>();
  private readonly now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * another court sends this one an entrustment: its file is kept for `fetchIncoming`, and the
   * system reports it (`entrustment.received`, key entrustmentId), which starts `entrustment`
   */
  receive(file: IncomingEntrustment): void {
    this.incoming.set(file.entrustmentId, file);
    this.answer(file.entrustmentId, 'received', {
      entrustmentDirection: 'incoming',
      entrustmentId: file.entrustmentId,
      entrustmentKind: file.kind,
      entrustingCourt: file.entrustingCourt,
    });
  }

  /** the other court answers about an entrustment (the message `entrustment.<type>`, key entrustmentId) */
  answer<T extends EntrustmentAnswer>(entrustmentId: string, type: T, variables: EntrustmentAnswerVariables[T]): void {
    this.answers.add({ message: `entrustment.${type}`, correlationKey: entrustmentId, variables: { ...variables } });
  }

  async pollEvents(after: string | undefined): Promise<InboundPage> {
    return this.answers.page(after);
  }

  async send(entrustment: OutgoingEntrustment): Promise<SentEntrustment> {
    const existing = this.sent.find((s) => s.requestId === entrustment.requestId);
    if (existing) return { entrustmentId: existing.entrustmentId, sentAt: existing.sentAt, reportedToHigherCourt: existing.reportedToHigherCourt };
    if (!entrustment.entrustedCourt) throw new Error('委托执行管理系统（本地模拟器）：缺少 entrustedCourt（受托法院）');
    const result = { entrustmentId: `SIM-WT-${this.sent.length + 1}`, sentAt: this.now().toISOString(), reportedToHigherCourt: entrustment.kind === 'case' };
    this.sent.push({ ...entrustment, ...result });
    return result;
  }

  async fetchIncoming(entrustmentId: string): Promise<IncomingEntrustment> {
    return (
      this.incoming.get(entrustmentId) ?? {
        entrustmentId,
        kind: 'case',
        entrustingCourt: '河南省南阳市宛城区人民法院',
        entrustingCaseNumber: '（2026）豫1302执88号',
        applicant: { name: '南阳某某商贸有限公司', kind: 'organization' },
        respondents: [{ name: '刘某', kind: 'person' }],
        claimAmount: 120000,
        basisDocument: { court: '河南省南阳市宛城区人民法院', number: '（2025）豫1302民初1024号', kind: '民事判决书' },
        materials: ['委托执行函', '申请执行书', '委托执行案件审批表', '生效法律文书副本', '被执行人财产状况材料'],
      }
    );
  }

  async notify(entrustmentId: string, requestId: string, notice: EntrustmentNotice): Promise<NoticeReceipt> {
    const existing = this.notices.find((n) => n.requestId === requestId);
    if (existing) return { noticeId: existing.noticeId, entrustmentId: existing.entrustmentId, type: existing.type, sentAt: existing.sentAt };
    const receipt = { noticeId: `SIM-HF-${this.notices.length + 1}`, entrustmentId, type: notice.type, sentAt: this.now().toISOString() };
    this.notices.push({ ...receipt, requestId, notice });
    return receipt;
  }

  noticesOf(entrustmentId: string): (NoticeReceipt & { notice: EntrustmentNotice })[] {
    return this.notices.filter((n) => n.entrustmentId === entrustmentId);
  }
}
