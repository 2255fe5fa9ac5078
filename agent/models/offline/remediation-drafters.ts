/**
 * Drafts for each remediation a runbook can prescribe: concrete arguments taken from tool results,
 * or the reason it does not fit this case. A drafter never invents what the data does not hold (an
 * address, an inspection grade, a count, a supplier, a contract price): it declines and says why.
 * `contain` drafts (holds) stop damage while a person decides; a `fix` draft addresses the cause; a
 * `protect` draft (a ring-fence) shares out what stock is left until the fix lands.
 */
import { addressCorrection } from './drafters/address-correction.ts';
import { backorderNotice } from './drafters/backorder-notice.ts';
import { delayNotice } from './drafters/delay-notice.ts';
import { expedite } from './drafters/expedite.ts';
import { transfer } from './drafters/transfer.ts';
import { applyCreditHold, releaseCreditHold } from './drafters/credit.ts';
import type { Drafter } from './drafters/draft.ts';
import { retrySync } from './drafters/erp-retry.ts';
import { placeHold, releaseHold } from './drafters/order-holds.ts';
import { reallocate } from './drafters/reallocate.ts';
import { refundOverCapture } from './drafters/refund.ts';
import { releaseReservation } from './drafters/reservation-release.ts';
import { returnDisposition } from './drafters/return-disposition.ts';
import { purchaseOrder } from './drafters/purchase-order.ts';
import { ringFence } from './drafters/ring-fence.ts';
import { adjustInventory, overridePrice } from './drafters/unsupported-by-data.ts';

export type { Draft, Drafter, DraftRole } from './drafters/draft.ts';

/** The drafter for each write tool a runbook can prescribe, by tool name. */
export const DRAFTERS: Record<string, Drafter> = {
  reallocate_order_line: reallocate,
  send_backorder_notice: backorderNotice,
  send_delay_notice: delayNotice,
  expedite_shipment: expedite,
  transfer_stock: transfer,
  create_purchase_order: purchaseOrder,
  set_channel_allocation: ringFence,
  release_reservation: releaseReservation,
  adjust_inventory: adjustInventory,
  issue_refund: refundOverCapture,
  place_order_hold: placeHold,
  release_order_hold: releaseHold,
  retry_erp_sync: retrySync,
  correct_shipping_address: addressCorrection,
  override_price: overridePrice,
  apply_credit_hold: applyCreditHold,
  release_credit_hold: releaseCreditHold,
  set_return_disposition: returnDisposition,
};
