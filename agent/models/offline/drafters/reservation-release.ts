import { isRecord } from '../result-reading.ts';
import type { Drafter } from './draft.ts';
import { decline } from './draft.ts';

export const releaseReservation: Drafter = (knowledge) => {
  const reservations =
    knowledge.inventory && Array.isArray(knowledge.inventory.reservations) ? knowledge.inventory.reservations.filter(isRecord) : [];
  const expired = reservations.find(
    (reservation) => reservation.expired === true && (!knowledge.locationRef || reservation.locationCode === knowledge.locationRef),
  );
  if (!expired || typeof expired.id !== 'string') return decline('no expired reservation is holding the stock');
  const reason = `reservation for order ${String(expired.orderNumber)} expired${typeof expired.expiresAt === 'string' ? ` at ${expired.expiresAt.slice(0, 16)}` : ''} but still counts as committed`;
  return {
    ok: true,
    role: 'fix',
    sources: { reason, explicit: { reservationId: expired.id, reason } },
    rationale: `Release reservation ${expired.id} of order ${String(expired.orderNumber)}: ${reason}.`,
  };
};
