/**
 * expedite_shipment for a late_shipment_risk: drafted where carrier transit can absorb the delay — the
 * location has shipped with a faster service (the evidence's fasterService, from its own deliveries)
 * whose saving covers the hours the order is likely to ship late (likelyDelayHours), so the parcel
 * still arrives when a usual shipment on time would have. A held or backordered order is not sped up
 * by a carrier, and without a faster service on record there is nothing to upgrade to.
 */
import { evidenceOf } from '../triage-knowledge.ts';
import { decline, type Drafter } from './draft.ts';
import { orderLines, orderPart, orderStatus } from './order-reading.ts';

const EXPEDITABLE = new Set(['validated', 'reserved', 'released', 'partially_shipped']);
const service = (entry: { carrier: string; serviceLevel: string | null }) =>
  `${entry.carrier}${entry.serviceLevel ? ` ${entry.serviceLevel}` : ''}`;

export const expedite: Drafter = (knowledge) => {
  const evidence = evidenceOf(knowledge, 'late_shipment_risk');
  if (!evidence) return decline('an expedite is drafted from a late-shipment risk forecast; this exception has none');
  if (!knowledge.orderRef || !knowledge.order) return decline('no order is linked to the exception');
  const status = orderStatus(knowledge);
  if (evidence.blocked || !EXPEDITABLE.has(status) || orderLines(knowledge.order).some((line) => line.backordered > 0))
    return decline(
      `order ${knowledge.orderRef} is ${evidence.blocked ? 'on hold or backordered' : status}: a faster carrier cannot ship it sooner`,
    );
  if (orderPart(knowledge, 'fulfilment')?.priority === 'expedite') return decline(`order ${knowledge.orderRef} is already expedited`);
  const faster = evidence.fasterService;
  const usual = evidence.usualService;
  const delay = evidence.likelyDelayHours;
  if (!faster || !usual || delay === undefined)
    return decline(
      `no faster carrier service from ${evidence.locationCode ?? 'the location'} is on record${usual ? ` (it ships ${service(usual)}, ${usual.medianTransitHours} h in transit)` : ''}: the warehouse, not the carrier, decides the date`,
    );
  if (faster.savesHours < delay)
    return decline(
      `${service(faster)} saves ${faster.savesHours} h of transit over ${service(usual)}, but the order is likely to ship ${delay} h late: an upgrade cannot keep the delivery date`,
    );
  const reason =
    `Order is ${Math.round(evidence.probabilityLate * 100)}% likely to miss its ship-by date and likely to ship ${delay} h late; ` +
    `${service(faster)} takes ${faster.medianTransitHours} h from ${evidence.locationCode} against ${usual.medianTransitHours} h for ${service(usual)} ` +
    `(${faster.shipments} and ${usual.shipments} deliveries), saving ${faster.savesHours} h`;
  return {
    ok: true,
    role: 'fix',
    sources: {
      order: knowledge.orderRef,
      reason,
      explicit: { carrier: faster.carrier, ...(faster.serviceLevel ? { serviceLevel: faster.serviceLevel } : {}), reason },
    },
    rationale: `Expedite order ${knowledge.orderRef}: pick it in the next wave and ship ${service(faster)}. ${reason}.`,
  };
};
