/**
 * The audit trail: `request.audit(action, { caseId, target, details })` appends who (the
 * signed-in user), when, what and on which case. The table refuses UPDATE and DELETE (a
 * trigger), and no route edits it.
 */
import type { FastifyInstance } from 'fastify';
import { auditLog } from '../db/schema.js';
import { definePlugin } from './plugin.js';

export interface AuditEntry {
  caseId?: string | null;
  target?: string | null;
  details?: Record<string, unknown> | null;
}

export type AuditAppend = (entry: AuditEntry & { actor: string; action: string; ip?: string | null }) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    appendAudit: AuditAppend;
  }
  interface FastifyRequest {
    audit(action: string, entry?: AuditEntry & { actor?: string }): Promise<void>;
  }
}

export const auditPlugin = definePlugin(
  'audit',
  async (app: FastifyInstance) => {
    const append: AuditAppend = async (e) => {
      await app.db.insert(auditLog).values({
        actor: e.actor,
        action: e.action,
        caseId: e.caseId ?? null,
        target: e.target ?? null,
        details: e.details ?? null,
        ip: e.ip ?? null,
      });
    };
    app.decorate('appendAudit', append);
    app.decorateRequest('audit', async function (this: import('fastify').FastifyRequest, action: string, entry: AuditEntry & { actor?: string } = {}) {
      await append({ ...entry, action, actor: entry.actor ?? this.user?.username ?? 'anonymous', ip: this.ip });
    });
  },
  { dependencies: ['database'] },
);
