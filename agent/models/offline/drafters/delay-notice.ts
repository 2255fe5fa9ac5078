/**
 * send_delay_notice for a late_shipment_risk whose goods are in stock: tell the customer before they
 * ask, with the date the tenant's own history supports — by when 90 % of comparable orders had shipped
 * (the evidence's likelyShippedBy) — never a hoped-for one. Backordered units get the backorder notice;
 * a held order's date depends on the hold, so a person works the hold first.
 */
import { addBusinessDays, localDay } from '../../../../core/exceptions/index.ts';
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter, runbookName } from './draft.ts';
import { orderLines, orderPart, orderStatus } from './order-reading.ts';

export const delayNotice: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'late_shipment_risk');
  if (!evidence) return decline('a proactive delay notice is drafted from a late-shipment risk forecast; this exception has none');
  if (!knowledge.orderRef || !knowledge.order) return decline('no order is linked to the exception');
  if (orderLines(knowledge.order).some((line) => line.backordered > 0))
    return decline(`order ${knowledge.orderRef} has backordered units: the backorder notice names them and offers to cancel`);
  if (evidence.blocked || orderStatus(knowledge) === 'on_hold')
    return decline(
      `order ${knowledge.orderRef} is on hold: its ship date depends on the hold, so work the hold before telling the customer a date`,
    );
  const lastSent = orderPart(knowledge, 'delayNotices')?.lastSentAt;
  const interval = knowledge.conditions.notice_interval_days;
  if (lastSent && interval !== undefined && knowledge.now.getTime() - new Date(lastSent).getTime() < interval * 86_400_000)
    return decline(
      `a delay notice was already sent on ${lastSent.slice(0, 10)}; at most one per ${interval} days (${runbookName(knowledge)})`,
    );
  if (!evidence.likelyShippedBy)
    return decline(
      'the risk evidence carries no likely ship date (an older forecast run): tell the customer by hand once the warehouse confirms one',
    );
  // Dates are the tenant's calendar days (get_exception gives its time zone), and a delay moves the date past the promise.
  const timeZone = typeof knowledge.exception.businessTimeZone === 'string' ? knowledge.exception.businessTimeZone : 'UTC';
  const promisedDay = localDay(new Date(evidence.promisedAt), timeZone);
  const likelyDay = localDay(new Date(evidence.likelyShippedBy), timeZone);
  const newDate = likelyDay > promisedDay ? likelyDay : addBusinessDays(promisedDay, 1);
  const basis =
    `${Math.round(evidence.probabilityLate * 100)}% likely to miss its ship-by date ${promisedDay} (from ${evidence.comparableOrders} comparable orders); ` +
    `90% of those had shipped by ${evidence.likelyShippedBy.slice(0, 16).replace('T', ' ')} UTC`;
  return {
    ok: true,
    role: 'fix',
    sources: { order: knowledge.orderRef, reason: basis, explicit: { newPromisedDate: newDate } },
    rationale: `Tell the customer of order ${knowledge.orderRef} before they ask that it will ship by ${newDate}: ${basis}.`,
  };
};
