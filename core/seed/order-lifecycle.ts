/**
 * Plays one planned order through its life as the outside systems would report it: the storefront
 * or EDI creates it, the PSP captures, the ERP middleware syncs, the warehouse ships what is
 * reserved, the carrier scans and delivers, the ERP invoices and gets paid, customers return goods
 * and the returns desk inspects them. Everything goes through applyEvent; the only direct calls are
 * the few things a rep does by hand (correcting an address), followed by re-detection as the tools do.
 */
import { redetectForEntities } from '../exceptions/index.ts';
import { correctShippingAddress, releaseOrderHold } from '../orders/index.ts';
import { DAY, HOUR, atLocalHour, localWeekday } from './local-time.ts';
import type { DeliveryPlan, PlannedOrder } from './order-plan.ts';
import type { SeedRun } from './seed-run.ts';
import { roundMoney } from '../domain/money.ts';

const TERM_DAYS: Record<string, number> = { prepaid: 0, cod: 0, net_15: 15, net_30: 30, net_45: 45, net_60: 60 };
const WAITING = new Set(['captured', 'validated', 'backordered', 'reserved', 'on_hold']);
const FINISHED = new Set(['shipped', 'invoiced', 'closed', 'cancelled']);
const MAX_SHIP_ATTEMPTS = 60;

const RETURN_REASONS = {
  b2b: ['Wrong part ordered', 'Defective on arrival', 'Project cancelled, overstock'],
  d2c: ['Scent not as expected', 'Arrived damaged', 'Changed my mind', 'Received wrong item'],
} as const;

interface ShipGroup {
  location: string;
  lineNumber: number;
  skuId: string;
  reserved: number;
  perUnit: number;
  isKit: boolean;
  componentCount: number;
}

/** The warehouse's next pick-up window at or after `at`: B2B 15:00–17:00 on weekdays, the 3PL 16:00 Mon–Sat. */
export function nextShipWindow(run: SeedRun, at: Date): Date {
  const zone = run.profile.timezone;
  const b2b = run.profile.model === 'b2b';
  let candidate = atLocalHour(at, b2b ? 15 + run.random.next() * 2 : 16 + run.random.next() * 0.5, zone);
  for (let guard = 0; guard < 10; guard += 1) {
    const weekday = localWeekday(candidate, zone);
    const open = b2b ? weekday >= 1 && weekday <= 5 : weekday !== 0;
    if (open && candidate >= at) return candidate;
    candidate = atLocalHour(
      new Date(candidate.getTime() + 26 * HOUR),
      b2b ? 15 + run.random.next() * 2 : 16 + run.random.next() * 0.5,
      zone,
    );
  }
  return candidate;
}

/** Business-hours-ish instant for office work (invoices, payments, inspections): next weekday 09:00–17:00. */
function officeTime(run: SeedRun, at: Date): Date {
  const zone = run.profile.timezone;
  let candidate = at;
  for (let guard = 0; guard < 10; guard += 1) {
    const weekday = localWeekday(candidate, zone);
    const hour = (candidate.getTime() - atLocalHour(candidate, 0, zone).getTime()) / HOUR;
    if (weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 17) return candidate;
    candidate = atLocalHour(
      new Date(candidate.getTime() + (hour >= 17 || weekday === 0 || weekday === 6 ? 24 * HOUR : 0)),
      9 + run.random.next() * 6,
      zone,
    );
  }
  return candidate;
}

async function readShippable(run: SeedRun, orderNumber: string): Promise<{ status: string; groups: ShipGroup[] } | undefined> {
  const result = await run.inTenant((tx) =>
    tx.query<{ status: string; groups: ShipGroup[] }>(
      `SELECT o.status, coalesce((SELECT jsonb_agg(g) FROM (
          SELECT loc.code AS location, l.line_number AS "lineNumber", r.sku_id AS "skuId", sum(r.quantity)::int AS reserved,
                 coalesce(k.quantity, 1) AS "perUnit", s.is_kit AS "isKit",
                 (SELECT count(*) FROM kit_components kc WHERE kc.kit_sku_id = l.sku_id)::int AS "componentCount"
            FROM reservations r
            JOIN order_lines l ON l.id = r.order_line_id
            JOIN skus s ON s.id = l.sku_id
            JOIN locations loc ON loc.id = r.location_id
            LEFT JOIN kit_components k ON k.kit_sku_id = l.sku_id AND k.component_sku_id = r.sku_id
           WHERE r.order_id = o.id AND r.status = 'active'
           GROUP BY loc.code, loc.priority, l.line_number, r.sku_id, k.quantity, s.is_kit, l.sku_id
           -- Row order decides shipment numbering: keep it independent of uuids (determinism).
           ORDER BY loc.priority, loc.code, l.line_number, (SELECT code FROM skus WHERE id = r.sku_id)) g), '[]'::jsonb) AS groups
         FROM orders o WHERE o.number = $1`,
      [orderNumber],
    ),
  );
  return result.rows[0];
}

/** Units of each line that can leave each location now (a kit only when all its components are there). */
function shippableByLocation(groups: readonly ShipGroup[]): Map<string, Array<{ lineNumber: number; quantity: number }>> {
  const byKey = new Map<string, ShipGroup[]>();
  for (const group of groups) {
    const key = `${group.location}|${group.lineNumber}`;
    byKey.set(key, [...(byKey.get(key) ?? []), group]);
  }
  const result = new Map<string, Array<{ lineNumber: number; quantity: number }>>();
  for (const [key, parts] of byKey) {
    const [location, lineNumber] = key.split('|') as [string, string];
    const first = parts[0]!;
    const complete = !first.isKit || parts.length >= first.componentCount;
    const quantity = complete ? Math.min(...parts.map((part) => Math.floor(part.reserved / part.perUnit))) : 0;
    if (quantity <= 0) continue;
    result.set(location, [...(result.get(location) ?? []), { lineNumber: Number(lineNumber), quantity }]);
  }
  return result;
}

export class OrderLifecycle {
  private pspReference: string | null = null;
  private captured = 0;
  private deliveredAt: Date | null = null;
  private shipAttempts = 0;
  private returnScheduled = false;

  constructor(
    private readonly run: SeedRun,
    readonly order: PlannedOrder,
  ) {}

  schedule(): void {
    this.run.clock.schedule(this.order.placedAt, (at) => this.place(at));
  }

  private get random() {
    return this.run.random.fork(`lifecycle/${this.order.key}`);
  }

  private async place(at: Date): Promise<void> {
    const { order, run } = this;
    const result = await run.emit(
      'order.created',
      {
        orderNumber: order.number,
        channel: order.channel.channel,
        ...(order.externalRef ? { externalRef: order.externalRef } : {}),
        customerCode: order.customer.code,
        ...(order.customer.createdByOrder ? { customerName: order.customer.name, customerEmail: order.customer.email } : {}),
        lines: order.lines,
        shippingTotal: order.shippingTotal,
        taxTotal: order.taxTotal,
        discountTotal: order.discountTotal,
        total: order.total,
        shippingAddress: order.address,
        promisedDate: order.promisedDate.toISOString(),
        erpRequired: order.channel.erpRequired,
      },
      at,
    );
    if (result.status !== 'applied') return;
    run.stats.orders += 1;
    const behaviour = order.behaviour;
    const minutes = (value: number): number => at.getTime() + value * 60_000;

    if (behaviour.capture && this.psp) {
      const capture = behaviour.capture;
      run.clock.schedule(minutes(capture.afterMinutes), (when) => this.capture(when, capture.amount, true));
      if (capture.second) {
        const second = capture.second;
        run.clock.schedule(minutes(second.afterMinutes), (when) => this.capture(when, second.amount, false));
      }
    }
    if (behaviour.erp !== 'not_required') {
      for (const failure of behaviour.erp.failures) {
        run.clock.schedule(minutes(failure.afterMinutes), (when) =>
          run
            .emit(
              'erp.sync_failed',
              { orderNumber: order.number, document: 'order', errorCode: failure.code, message: failure.message },
              when,
            )
            .then(() => undefined),
        );
      }
      if (behaviour.erp.succeedAfterMinutes !== null) {
        run.clock.schedule(minutes(behaviour.erp.succeedAfterMinutes), (when) =>
          run
            .emit(
              'erp.sync_succeeded',
              { orderNumber: order.number, document: 'order', erpReference: `SO${run.next('erp', 200_000)}` },
              when,
            )
            .then(() => undefined),
        );
      }
    }
    if (behaviour.addressFailure) {
      const failure = behaviour.addressFailure;
      run.clock.schedule(minutes(failure.afterMinutes), async (when) => {
        await run.emit('address.validation_failed', { orderNumber: order.number, field: failure.field, reason: failure.reason }, when);
        if (failure.correctAfterHours !== null)
          run.clock.schedule(when.getTime() + failure.correctAfterHours * HOUR, (fix) => this.correctAddress(fix));
      });
    }
    if (behaviour.cancelAfterMinutes !== undefined) run.clock.schedule(minutes(behaviour.cancelAfterMinutes), (when) => this.cancel(when));
    if (behaviour.ship)
      run.clock.schedule(nextShipWindow(run, new Date(at.getTime() + behaviour.pickAfterHours * HOUR)), (when) => this.ship(when));
  }

  /** Marketplaces and the storefront take payment through their PSP; prepaid trade customers pay by card (Stripe). */
  private get psp(): { psp: string; method: string } | null {
    const { channel, customer } = this.order;
    if (channel.psp) return { psp: channel.psp, method: channel.method ?? 'card' };
    return customer.paymentTerms === 'prepaid' ? { psp: 'stripe', method: 'card' } : null;
  }

  private async capture(at: Date, amount: number, first: boolean): Promise<void> {
    const { order, run } = this;
    const psp = this.psp!;
    const reference = `${psp.psp === 'shopify_payments' ? 'pi' : psp.psp === 'stripe' ? 'ch' : 'pay'}_${(run.next('psp', 7_000_000) * 7919).toString(36).toUpperCase()}`;
    if (first) this.pspReference = reference;
    const day = at.toISOString().slice(0, 10).replaceAll('-', '');
    const result = await run.emit(
      'payment.captured',
      {
        orderNumber: order.number,
        psp: psp.psp,
        pspReference: reference,
        amount,
        method: psp.method,
        settlementReference: `STL-${psp.psp.toUpperCase().slice(0, 4)}-${day}`,
      },
      at,
    );
    if (result.status === 'applied') this.captured += amount;
  }

  /** A rep fixes the address the validator rejected and releases the hold, as the tool would. */
  private async correctAddress(at: Date): Promise<void> {
    const { order, run } = this;
    const context = { actor: 'rep:sam.ortiz', at };
    await run.inTenant(async (tx) => {
      const current = await tx.query<{ id: string; status: string; address_status: string }>(
        'SELECT id, status, address_status FROM orders WHERE number = $1',
        [order.number],
      );
      const row = current.rows[0];
      if (row?.address_status !== 'invalid' || FINISHED.has(row.status)) return;
      await correctShippingAddress(
        tx,
        {
          order: order.number,
          address: { ...order.address, line2: order.address.line2 ?? `Unit ${this.random.int(1, 30)}` },
          note: 'Confirmed unit number with customer by e-mail',
        },
        context,
      );
      const holds = await tx.query(`SELECT 1 FROM order_holds WHERE order_id = $1 AND reason_code = 'ADDR-CHECK' AND released_at IS NULL`, [
        row.id,
      ]);
      if (holds.rowCount > 0)
        await releaseOrderHold(tx, { order: order.number, reasonCode: 'ADDR-CHECK', note: 'Address corrected and re-validated' }, context);
      await redetectForEntities(tx, run.tenant.id, { orderIds: [row.id] }, at);
    });
    run.stats.humanActions += 1;
  }

  private async cancel(at: Date): Promise<void> {
    const { order, run } = this;
    const state = await readShippable(run, order.number);
    if (!state || FINISHED.has(state.status) || state.status === 'partially_shipped') return;
    const result = await run.emit('order.cancelled', { orderNumber: order.number, reason: 'Customer requested cancellation' }, at);
    if (result.status !== 'applied') return;
    if (order.behaviour.refundOnCancel !== false && this.pspReference && this.captured > 0) {
      await run.emit(
        'payment.refunded',
        {
          orderNumber: order.number,
          psp: this.psp!.psp,
          pspReference: this.pspReference,
          refundReference: `re_${run.next('refund', 10_000)}`,
          amount: roundMoney(this.captured),
          reason: 'Order cancelled before shipment',
        },
        new Date(at.getTime() + 5 * 60_000),
      );
    }
  }

  private async ship(at: Date): Promise<void> {
    const { order, run } = this;
    this.shipAttempts += 1;
    const state = await readShippable(run, order.number);
    if (!state || FINISHED.has(state.status)) return;
    const shippable = shippableByLocation(state.groups);
    if ((state.status === 'released' || state.status === 'partially_shipped') && shippable.size > 0) {
      for (const [location, lines] of shippable) await this.createShipment(at, location, lines);
      const after = await readShippable(run, order.number);
      if (after?.status === 'shipped') {
        const invoice = order.behaviour.invoice;
        if (invoice)
          run.clock.schedule(officeTime(run, new Date(at.getTime() + invoice.afterHours * HOUR)), (when) =>
            this.invoice(when, invoice.amountDelta),
          );
        return;
      }
    }
    if (
      (WAITING.has(state.status) || state.status === 'released' || state.status === 'partially_shipped') &&
      this.shipAttempts < MAX_SHIP_ATTEMPTS
    ) {
      run.clock.schedule(nextShipWindow(run, new Date(at.getTime() + 12 * HOUR)), (when) => this.ship(when));
    }
  }

  private async createShipment(at: Date, location: string, lines: Array<{ lineNumber: number; quantity: number }>): Promise<void> {
    const { order, run } = this;
    const behaviour = order.behaviour;
    const sequence = run.next('shipment', 700_000);
    const shipmentId = `${run.profile.model === 'b2b' ? 'ACM' : 'SR'}-SHP-${sequence}`;
    const estimated = atLocalHour(new Date(at.getTime() + behaviour.transitDays * DAY), 17, run.profile.timezone);
    const tracking =
      behaviour.carrier.carrier === 'UPS'
        ? `1Z${(sequence * 104_729).toString(36).toUpperCase().padStart(10, '0')}`
        : `${behaviour.carrier.carrier.slice(0, 2).toUpperCase()}${sequence}${run.random.int(1000, 9999)}`;
    const result = await run.emit(
      'shipment.created',
      {
        shipmentId,
        orderNumber: order.number,
        location,
        carrier: behaviour.carrier.carrier,
        serviceLevel: behaviour.carrier.serviceLevel,
        trackingNumber: tracking,
        status: 'in_transit',
        shippedAt: at.toISOString(),
        estimatedDeliveryAt: estimated.toISOString(),
        lines,
      },
      at,
    );
    if (result.status === 'applied') this.scheduleTracking(shipmentId, at, estimated, behaviour.delivery);
  }

  /** Carrier scans roughly daily (so tracking never looks stalled unless the plan says so), then delivery. */
  private scheduleTracking(shipmentId: string, shippedAt: Date, estimated: Date, plan: DeliveryPlan): void {
    const { run } = this;
    const random = this.random.fork(shipmentId);
    const update =
      (status: string, extra: Record<string, unknown> = {}) =>
      (when: Date) =>
        run.emit('shipment.updated', { shipmentId, status, ...extra }, when).then(() => undefined);
    let delivered: Date;
    let scansUntil: Date;
    if (plan.kind === 'on_time') {
      delivered = new Date(estimated.getTime() - random.between(0, 20) * HOUR);
      scansUntil = delivered;
    } else if (plan.kind === 'late') {
      delivered = new Date(estimated.getTime() + plan.lateDays * DAY);
      scansUntil = delivered;
    } else if (plan.kind === 'stalled') {
      scansUntil = new Date(shippedAt.getTime() + 20 * HOUR);
      delivered = new Date(scansUntil.getTime() + plan.stallHours * HOUR);
    } else {
      const exceptionAt = new Date(shippedAt.getTime() + (estimated.getTime() - shippedAt.getTime()) / 2);
      run.clock.schedule(exceptionAt, update('exception', { exceptionCode: plan.code, exceptionMessage: plan.message }));
      scansUntil = exceptionAt;
      if (plan.recoverDays === null) return;
      run.clock.schedule(
        exceptionAt.getTime() + 22 * HOUR,
        update('in_transit', { estimatedDeliveryAt: new Date(estimated.getTime() + plan.recoverDays * DAY).toISOString() }),
      );
      delivered = new Date(estimated.getTime() + plan.recoverDays * DAY);
      for (let scan = exceptionAt.getTime() + 60 * HOUR; scan < delivered.getTime() - 4 * HOUR; scan += 40 * HOUR)
        run.clock.schedule(scan, update('in_transit'));
    }
    // Scans every 36–46 hours: close enough that tracking never looks stalled (48 h), few enough events.
    for (
      let scan = shippedAt.getTime() + random.between(36, 44) * HOUR;
      scan < Math.min(scansUntil.getTime(), delivered.getTime()) - 4 * HOUR;
      scan += random.between(36, 46) * HOUR
    ) {
      run.clock.schedule(scan, update('in_transit'));
    }
    run.clock.schedule(delivered, async (when) => {
      await update('delivered', { deliveredAt: when.toISOString() })(when);
      this.deliveredAt = when;
      this.scheduleReturn(when);
    });
  }

  private async invoice(at: Date, amountDelta: number): Promise<void> {
    const { order, run } = this;
    const invoiceNumber = run.profile.model === 'b2b' ? `INV-${run.next('invoice', 640_000)}` : `BSI-${run.next('invoice', 90_000)}`;
    const amount = roundMoney(order.total + amountDelta);
    const result = await run.emit('invoice.posted', { invoiceNumber, orderNumber: order.number, amount, taxAmount: order.taxTotal }, at);
    if (result.status !== 'applied') return;
    const terms = TERM_DAYS[order.customer.paymentTerms] ?? 0;
    const payAfter = order.behaviour.payAfterDueDays;
    if (terms > 0 && payAfter !== null) {
      const paidAt = officeTime(run, new Date(at.getTime() + (terms + payAfter) * DAY));
      run.clock.schedule(paidAt, (when) => run.emit('invoice.paid', { invoiceNumber, amount }, when).then(() => undefined));
    }
  }

  private scheduleReturn(deliveredAt: Date): void {
    const plan = this.order.behaviour.return;
    if (!plan || this.returnScheduled) return;
    this.returnScheduled = true;
    const { order, run } = this;
    const random = this.random.fork('return');
    const line = random.int(1, order.lines.length);
    const rma = `RMA-${run.profile.model === 'b2b' ? 'A' : 'B'}${run.next('rma', 30_000)}`;
    const location = run.profile.locations.find((l) => l.fulfillsOrders)!.code;
    const reason = random.pick(RETURN_REASONS[run.profile.model]);
    const receivedAt = officeTime(run, new Date(deliveredAt.getTime() + plan.afterDays * DAY));
    run.clock.schedule(receivedAt, async (when) => {
      const received = await run.emit(
        'return.received',
        { rma, orderNumber: order.number, location, reason, lines: [{ lineNumber: line, quantity: plan.quantity }] },
        when,
      );
      if (received.status !== 'applied' || plan.inspectAfterHours === null) return;
      run.clock.schedule(officeTime(run, new Date(when.getTime() + plan.inspectAfterHours * HOUR)), async (inspectedAt) => {
        const inspected = await run.emit(
          'return.inspected',
          { rma, lines: [{ lineNumber: line, grade: plan.grade, disposition: plan.disposition }] },
          inspectedAt,
        );
        if (inspected.status !== 'applied' || !this.pspReference) return;
        const unitPrice = order.lines[line - 1]!.unitPrice;
        await run.emit(
          'payment.refunded',
          {
            orderNumber: order.number,
            psp: this.psp!.psp,
            pspReference: this.pspReference,
            refundReference: `re_${run.next('refund', 10_000)}`,
            amount: roundMoney(unitPrice * plan.quantity),
            reason: `Return ${rma}: ${reason}`,
          },
          new Date(inspectedAt.getTime() + 3 * HOUR),
        );
      });
    });
  }

  /** For scenarios that need the delivery time. */
  get delivered(): Date | null {
    return this.deliveredAt;
  }
}
