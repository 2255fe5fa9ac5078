/** What each event type does to state: a thin mapping from the event contract onto domain functions. */
import { applyActionConfirmed, applyActionFailed } from '../actions/action-outcomes.ts';
import { upsertLocation } from '../catalog/locations.ts';
import { requireSku, upsertSku } from '../catalog/skus.ts';
import { upsertCustomer } from '../customers/customers.ts';
import type { Tx } from '../db/database.ts';
import type { ChangeContext } from '../domain/change-context.ts';
import { recordErpSyncFailure, recordErpSyncSuccess } from '../erp/erp-sync.ts';
import { payInvoice, postInvoice } from '../invoices/invoices.ts';
import { adjustInventory } from '../inventory/adjust-inventory.ts';
import { receiveInventory } from '../inventory/receive-inventory.ts';
import { requireLocation } from '../catalog/locations.ts';
import { recordAddressValidationFailure } from '../orders/address-validation.ts';
import { cancelOrder } from '../orders/cancel-order.ts';
import { cancelOrders } from '../orders/cancel-orders.ts';
import { captureOrders } from '../orders/capture-orders.ts';
import { type CreateOrderInput, createOrder } from '../orders/create-order.ts';
import { orderEntityIds, orderEntityIdsByIds, requireOrder } from '../orders/order-record.ts';
import { allocateBackorders, progressOrder } from '../orders/progress-order.ts';
import {
  type AuthorizePaymentInput,
  authorizePayment,
  type CapturePaymentInput,
  capturePayment,
  recordPspRefund,
} from '../payments/payments.ts';
import { authorizePayments, capturePayments, type PaymentEvent, type RecordedPayment } from '../payments/record-payments-in-bulk.ts';
import { inspectReturn } from '../returns/inspect-return.ts';
import { receiveReturn } from '../returns/receive-return.ts';
import { createShipment } from '../shipments/create-shipment.ts';
import { updateShipment } from '../shipments/update-shipment.ts';
import { adjustmentRun } from './adjustment-run.ts';
import type { TouchedEntities } from './after-event-hooks.ts';
import type { EventOfType, EventType } from './event-schemas.ts';

type Handler<T extends EventType> = (tx: Tx, event: EventOfType<T>, context: ChangeContext) => Promise<Partial<TouchedEntities>>;

const orderTouched = async (tx: Tx, orderNumber: string): Promise<Partial<TouchedEntities>> => {
  const order = await orderEntityIds(tx, orderNumber);
  return { orderIds: [order.orderId], customerIds: order.customerId ? [order.customerId] : [], skuIds: order.skuIds };
};

/** SKUs whose stock changed, plus kits built from them (their ATS changed too). */
const skuTouched = async (tx: Tx, skuId: string): Promise<string[]> => {
  const kits = await tx.query<{ kit_sku_id: string }>('SELECT kit_sku_id FROM kit_components WHERE component_sku_id = $1', [skuId]);
  return [skuId, ...kits.rows.map((row) => row.kit_sku_id)];
};

const stockTouched = async (
  tx: Tx,
  skuIds: string[],
  locationCode: string,
  progressed: Array<{ orderNumber: string }>,
): Promise<Partial<TouchedEntities>> => {
  const location = await requireLocation(tx, locationCode);
  const orderIds: string[] = [];
  for (const { orderNumber } of progressed) orderIds.push((await requireOrder(tx, orderNumber)).id);
  const all = new Set<string>();
  for (const skuId of skuIds) for (const id of await skuTouched(tx, skuId)) all.add(id);
  return { skuIds: [...all], locationIds: [location.id], orderIds };
};

const orderInputOf = (data: EventOfType<'order.created'>['data']): CreateOrderInput => ({
  orderNumber: data.orderNumber,
  channel: data.channel,
  externalRef: data.externalRef,
  customer: data.customerCode,
  customerName: data.customerName,
  customerEmail: data.customerEmail,
  currency: data.currency,
  lines: data.lines,
  discountTotal: data.discountTotal,
  shippingTotal: data.shippingTotal,
  taxTotal: data.taxTotal,
  total: data.total,
  shippingAddress: data.shippingAddress,
  promisedDate: data.promisedDate,
  notes: data.notes,
  erpRequired: data.erpRequired,
});

const authorizationInputOf = (data: EventOfType<'payment.authorized'>['data']): AuthorizePaymentInput => ({
  order: data.orderNumber,
  psp: data.psp,
  pspReference: data.pspReference,
  amount: data.amount,
  currency: data.currency,
  method: data.method,
});

const captureInputOf = (data: EventOfType<'payment.captured'>['data']): CapturePaymentInput => ({
  ...authorizationInputOf(data),
  settlementReference: data.settlementReference,
  settledAt: data.settledAt,
});

const handlers: { [T in EventType]: Handler<T> } = {
  'order.created': async (tx, { data }, context) => {
    await createOrder(tx, orderInputOf(data), context);
    await progressOrder(tx, data.orderNumber, context);
    return orderTouched(tx, data.orderNumber);
  },
  'order.cancelled': async (tx, { data }, context) => {
    await cancelOrder(tx, { order: data.orderNumber, reason: data.reason }, context);
    return orderTouched(tx, data.orderNumber);
  },
  'payment.authorized': async (tx, { data }, context) => {
    await authorizePayment(tx, authorizationInputOf(data), context);
    return orderTouched(tx, data.orderNumber);
  },
  'payment.captured': async (tx, { data }, context) => {
    await capturePayment(tx, captureInputOf(data), context);
    return orderTouched(tx, data.orderNumber);
  },
  'payment.refunded': async (tx, { data }, context) => {
    await recordPspRefund(
      tx,
      {
        order: data.orderNumber,
        psp: data.psp,
        pspReference: data.pspReference,
        refundReference: data.refundReference,
        amount: data.amount,
        reason: data.reason,
      },
      context,
    );
    return orderTouched(tx, data.orderNumber);
  },
  'inventory.adjusted': async (tx, { data }, context) => {
    const adjustment = await adjustInventory(tx, data, context);
    const sku = await requireSku(tx, data.sku);
    const progressed =
      adjustment.delta > 0 && data.status === 'available' ? await allocateBackorders(tx, { skuIds: [sku.id] }, context) : [];
    return stockTouched(tx, [sku.id], data.location, progressed);
  },
  'inventory.received': async (tx, { data }, context) => {
    const receipt = await receiveInventory(tx, data, context);
    const progressed = receipt.status === 'available' ? await allocateBackorders(tx, { skuIds: [receipt.skuId] }, context) : [];
    return stockTouched(tx, [receipt.skuId], data.location, progressed);
  },
  'shipment.created': async (tx, { data }, context) => {
    const shipment = await createShipment(
      tx,
      {
        shipmentId: data.shipmentId,
        order: data.orderNumber,
        location: data.location,
        carrier: data.carrier,
        serviceLevel: data.serviceLevel,
        trackingNumber: data.trackingNumber,
        status: data.status,
        shippedAt: data.shippedAt,
        promisedDate: data.promisedDate,
        estimatedDeliveryAt: data.estimatedDeliveryAt,
        lines: data.lines,
      },
      context,
    );
    const location = await requireLocation(tx, data.location);
    return { ...(await orderTouched(tx, data.orderNumber)), shipmentIds: [shipment.id], locationIds: [location.id] };
  },
  'shipment.updated': async (tx, { data }, context) => {
    await updateShipment(tx, data, context);
    const row = await tx.query<{ id: string; number: string }>(
      'SELECT s.id, o.number FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.external_ref = $1',
      [data.shipmentId],
    );
    return { ...(await orderTouched(tx, row.rows[0]!.number)), shipmentIds: [row.rows[0]!.id] };
  },
  'return.received': async (tx, { data }, context) => {
    const received = await receiveReturn(
      tx,
      { rma: data.rma, order: data.orderNumber, location: data.location, reason: data.reason, lines: data.lines },
      context,
    );
    return { ...(await orderTouched(tx, data.orderNumber)), returnIds: [received.id] };
  },
  'return.inspected': async (tx, { data }, context) => {
    await inspectReturn(tx, data, context);
    const row = await tx.query<{ id: string; number: string; location_id: string }>(
      'SELECT r.id, o.number, r.location_id FROM returns r JOIN orders o ON o.id = r.order_id WHERE r.rma_number = $1',
      [data.rma],
    );
    return { ...(await orderTouched(tx, row.rows[0]!.number)), returnIds: [row.rows[0]!.id], locationIds: [row.rows[0]!.location_id] };
  },
  'invoice.posted': async (tx, { data }, context) => {
    const posted = await postInvoice(
      tx,
      {
        invoiceNumber: data.invoiceNumber,
        order: data.orderNumber,
        amount: data.amount,
        taxAmount: data.taxAmount,
        currency: data.currency,
        dueAt: data.dueAt,
      },
      context,
    );
    return { ...(await orderTouched(tx, data.orderNumber)), invoiceIds: [posted.invoice.id] };
  },
  'invoice.paid': async (tx, { data }, context) => {
    const paid = await payInvoice(tx, data, context);
    const order = await requireOrder(tx, paid.invoice.orderId);
    return { ...(await orderTouched(tx, order.number)), invoiceIds: [paid.invoice.id] };
  },
  'erp.sync_failed': async (tx, { data }, context) => {
    await recordErpSyncFailure(
      tx,
      { order: data.orderNumber, document: data.document, errorCode: data.errorCode, message: data.message },
      context,
    );
    return orderTouched(tx, data.orderNumber);
  },
  'erp.sync_succeeded': async (tx, { data }, context) => {
    await recordErpSyncSuccess(tx, { order: data.orderNumber, document: data.document, erpReference: data.erpReference }, context);
    return orderTouched(tx, data.orderNumber);
  },
  'address.validation_failed': async (tx, { data }, context) => {
    await recordAddressValidationFailure(
      tx,
      { order: data.orderNumber, reason: data.reason, field: data.field, suggestion: data.suggestion },
      context,
    );
    return orderTouched(tx, data.orderNumber);
  },
  'action.confirmed': async (tx, event, context) => {
    await applyActionConfirmed(tx, event.data, { eventId: event.id, ...(context.at ? { at: context.at } : {}) });
    return {};
  },
  'action.failed': async (tx, event, context) => {
    await applyActionFailed(tx, event.data, { eventId: event.id, ...(context.at ? { at: context.at } : {}) });
    return {};
  },
  'sku.upserted': async (tx, { data }) => ({ skuIds: [(await upsertSku(tx, data)).id] }),
  'location.upserted': async (tx, { data }) => ({ locationIds: [(await upsertLocation(tx, data)).id] }),
  'customer.upserted': async (tx, { data }) => ({ customerIds: [(await upsertCustomer(tx, data)).id] }),
};

export async function handleEvent<T extends EventType>(
  tx: Tx,
  event: EventOfType<T>,
  context: ChangeContext,
): Promise<Partial<TouchedEntities>> {
  const handler = handlers[event.type] as Handler<T>;
  return handler(tx, event, context);
}

/**
 * A run of events of one type applied set-based, with the same effect as their handler one by one.
 * It takes the longest prefix it can; returns the touched entities of each event it applied, in order
 * (the caller applies the next event one by one).
 */
type RunHandler<T extends EventType> = (
  tx: Tx,
  events: ReadonlyArray<{ event: EventOfType<T>; context: ChangeContext }>,
) => Promise<Array<Partial<TouchedEntities>>>;

/**
 * A run of payment events through its set-based recorder (the same input as the one-by-one handler),
 * then the orders, their customers and SKUs per applied payment (one statement for the run).
 */
function paymentRun<Data, Input>(
  record: (tx: Tx, events: ReadonlyArray<PaymentEvent<Input>>) => Promise<RecordedPayment[]>,
  inputOf: (data: Data) => Input,
) {
  return async (
    tx: Tx,
    events: ReadonlyArray<{ event: { data: Data }; context: ChangeContext }>,
  ): Promise<Array<Partial<TouchedEntities>>> => {
    const recorded = await record(
      tx,
      events.map(({ event, context }) => ({ input: inputOf(event.data), context })),
    );
    return ordersTouched(tx, recorded);
  };
}

/** Orders, their customers and SKUs, per applied event of a run (one statement for the run). */
async function ordersTouched(tx: Tx, applied: ReadonlyArray<{ orderId: string }>): Promise<Array<Partial<TouchedEntities>>> {
  const entities = await orderEntityIdsByIds(
    tx,
    applied.map(({ orderId }) => orderId),
  );
  return applied.map(({ orderId }) => {
    const order = entities.get(orderId)!;
    return { orderIds: [orderId], customerIds: order.customerId ? [order.customerId] : [], skuIds: order.skuIds };
  });
}

const runHandlers: { [T in EventType]?: RunHandler<T> } = {
  // core/orders/capture-orders.ts: new orders, their lines, reservations, balances and log.
  'order.created': async (tx, events) => {
    const captured = await captureOrders(
      tx,
      events.map(({ event, context }) => ({ input: orderInputOf(event.data), context })),
    );
    return captured.map((order) => ({ orderIds: [order.orderId], customerIds: [order.customerId], skuIds: order.skuIds }));
  },
  // core/orders/cancel-orders.ts: reservations released, lines cancelled, holds released, the order log and status.
  'order.cancelled': async (tx, events) =>
    ordersTouched(
      tx,
      await cancelOrders(
        tx,
        events.map(({ event: { data }, context }) => ({ input: { order: data.orderNumber, reason: data.reason }, context })),
      ),
    ),
  // core/inventory/adjust-inventory-in-bulk.ts: balances and the ledger (adjustment-run.ts).
  'inventory.adjusted': adjustmentRun,
  // core/payments/record-payments-in-bulk.ts: payments, the order log, releases of reserved orders.
  'payment.authorized': paymentRun(authorizePayments, authorizationInputOf),
  'payment.captured': paymentRun(capturePayments, captureInputOf),
};

/** Whether events of this type have a set-based path for runs of them. */
export function hasRunHandler(type: EventType): boolean {
  return type in runHandlers;
}

/** Applies the longest prefix of a run of same-type events set-based (see runHandlers); [] when it takes none. */
export async function handleEventRun<T extends EventType>(
  tx: Tx,
  events: ReadonlyArray<{ event: EventOfType<T>; context: ChangeContext }>,
): Promise<Array<Partial<TouchedEntities>>> {
  const type = events[0]?.event.type;
  const handler = type ? (runHandlers[type] as RunHandler<T> | undefined) : undefined;
  return handler ? handler(tx, events) : [];
}
