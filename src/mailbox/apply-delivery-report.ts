import type { Db } from '../platform/db/connect.ts';
import type { DeliveryReport } from './delivery-report.ts';

/**
 * Marks the outbound messages a delivery report is about as failed or delayed. Returns their ids; none means the
 * report is about mail we did not send (backscatter), which the caller keeps aside instead of opening a ticket.
 */
export async function applyDeliveryReport(db: Db, report: DeliveryReport): Promise<number[]> {
  if (report.aboutMessageIds.length === 0) return [];
  const targets = await db
    .selectFrom('messages')
    .select(['id', 'delivery_status'])
    .where('direction', '=', 'outbound')
    .where('external_id', 'in', report.aboutMessageIds)
    .execute();
  const detail = [report.status, report.diagnostic].filter(Boolean).join(' ') || `delivery ${report.action}`;
  for (const target of targets) {
    // A later "delayed" never overrides a final "failed".
    if (report.action === 'delayed' && target.delivery_status === 'failed') continue;
    await db
      .updateTable('messages')
      .set({ delivery_status: report.action, delivery_error: detail.slice(0, 1000) })
      .where('id', '=', target.id)
      .execute();
  }
  return targets.map((t) => t.id);
}
