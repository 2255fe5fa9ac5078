/** One order as an operator reads it: status, holds, lines, money, exceptions and its timeline. */
import type { OperationalException } from '../../../core/exceptions/index.ts';
import type { Principal } from '../../../core/identity/roles.ts';
import type { OrderDetail, OrderTimelineEntry } from '../../../core/orders/index.ts';
import { SeverityBadge, StatusBadge } from '../components/exception-badges.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

const money = (value: number, currency: string) => `${value.toFixed(2)} ${currency}`;

export interface OrderPageProps {
  principal: Principal;
  order: OrderDetail;
  timeline: OrderTimelineEntry[];
  exceptions: OperationalException[];
}

export function OrderPage({ principal, order, timeline, exceptions }: OrderPageProps) {
  const address = order.shippingAddress;
  return (
    <Layout title={`Order ${order.number}`} path="/orders" principal={principal}>
      <h1>Order {order.number}</h1>
      <p>
        <span class="badge info">{order.status.replaceAll('_', ' ')}</span>{' '}
        {order.holdReason ? <span class="badge warn">on hold: {order.holdReason}</span> : null}{' '}
        <a href={`/chat?q=${encodeURIComponent(`Why is order ${order.number} in status ${order.status}?`)}`}>
          Ask the copilot about this order
        </a>
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="order-facts">
          <h2 id="order-facts">Summary</h2>
          <dl class="facts">
            <dt>Channel</dt>
            <dd>{order.channel}</dd>
            <dt>Customer</dt>
            <dd>{order.customer ? `${order.customer.name} (${order.customer.code}, ${order.customer.tier})` : '—'}</dd>
            <dt>Placed</dt>
            <dd>{formatDateTime(order.placedAt)}</dd>
            <dt>Promised</dt>
            <dd>{order.promisedDate ? formatDateTime(order.promisedDate) : '—'}</dd>
            <dt>Ship to</dt>
            <dd>
              {address.name}, {address.line1}, {address.postalCode} {address.city} {address.region ?? ''} {address.country}{' '}
              <span class={`badge ${order.addressStatus === 'invalid' ? 'danger' : order.addressStatus === 'valid' ? 'ok' : 'neutral'}`}>
                {order.addressStatus}
              </span>
              {order.addressIssue ? <div class="muted">{order.addressIssue}</div> : null}
            </dd>
            <dt>ERP</dt>
            <dd>
              {order.erpSyncStatus}
              {order.erpLastError ? ` (${order.erpLastError})` : ''}
            </dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="order-money">
          <h2 id="order-money">Money</h2>
          <dl class="facts">
            <dt>Total</dt>
            <dd>{money(order.money.total, order.currency)}</dd>
            <dt>Authorized</dt>
            <dd>{money(order.money.authorized, order.currency)}</dd>
            <dt>Captured</dt>
            <dd>{money(order.money.captured, order.currency)}</dd>
            <dt>Refunded</dt>
            <dd>{money(order.money.refunded, order.currency)}</dd>
            <dt>Invoiced</dt>
            <dd>{money(order.money.invoiced, order.currency)}</dd>
          </dl>
        </section>
      </div>
      <h2>Lines</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">SKU</th>
              <th scope="col" class="num">
                Ordered
              </th>
              <th scope="col" class="num">
                Reserved
              </th>
              <th scope="col" class="num">
                Shipped
              </th>
              <th scope="col" class="num">
                Backordered
              </th>
              <th scope="col" class="num">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr>
                <td>{line.lineNumber}</td>
                <td>
                  <a href={`/inventory/${encodeURIComponent(line.skuCode)}`}>{line.skuCode}</a> <span class="muted">{line.skuName}</span>
                </td>
                <td class="num">{line.quantityOrdered}</td>
                <td class="num">{line.quantityReserved}</td>
                <td class="num">{line.quantityShipped}</td>
                <td class="num">{line.quantityBackordered}</td>
                <td class="num">{money(line.lineTotal, order.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {order.holds.length ? (
        <>
          <h2>Holds</h2>
          <ul>
            {order.holds.map((hold) => (
              <li>
                <strong>{hold.reasonCode}</strong> by {hold.placedBy}, {formatDateTime(hold.placedAt)}
                {hold.note ? ` — ${hold.note}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Exceptions</h2>
      {exceptions.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul>
          {exceptions.map((exception) => (
            <li>
              <SeverityBadge severity={exception.severity} /> <a href={`/exceptions/${exception.id}`}>{exception.title}</a>{' '}
              <StatusBadge status={exception.status} />
            </li>
          ))}
        </ul>
      )}
      <h2>Timeline</h2>
      <ol class="timeline">
        {timeline.map((entry) => (
          <li>
            <div>
              <strong>{entry.type.replaceAll('_', ' ')}</strong>
              {entry.toStatus ? ` → ${entry.toStatus}` : ''}
            </div>
            <div class="meta">
              {formatDateTime(entry.occurredAt)} · {entry.actor}
            </div>
          </li>
        ))}
      </ol>
    </Layout>
  );
}
