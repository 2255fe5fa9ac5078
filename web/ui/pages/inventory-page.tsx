/** A SKU's stock: available-to-sell with its derivation term by term, per location, reservations, inbound POs, and its forecast and risk. */
import type { Principal } from '../../../core/identity/roles.ts';
import type { InventoryView } from '../../../core/inventory/index.ts';
import type { SkuOutlook } from '../../../forecasting/index.ts';
import { SkuForecast } from '../components/sku-forecast.tsx';
import { formatDateTime } from '../format.ts';
import { Layout } from '../layout.tsx';

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

export function InventoryPage({ principal, view, outlook }: { principal: Principal; view: InventoryView; outlook?: SkuOutlook }) {
  const ats = view.availableToSell;
  return (
    <Layout title={`Stock ${view.sku.code}`} path="/inventory" principal={principal}>
      <h1>
        {view.sku.code} <span class="muted">{view.sku.name}</span>
      </h1>
      <section class="card" aria-labelledby="ats-heading">
        <h2 id="ats-heading">
          Available to sell: <span class={`badge ${ats.ats < 0 ? 'danger' : ats.ats === 0 ? 'warn' : 'ok'}`}>{ats.ats}</span>
        </h2>
        <table>
          <caption>How it is derived</caption>
          <tbody>
            {ats.terms.map((term) => (
              <tr>
                <th scope="row">{term.term.replaceAll('_', ' ')}</th>
                <td class="num">{signed(term.quantity)}</td>
                <td>{term.detail}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">= available to sell</th>
              <td class="num">
                <strong>{ats.ats}</strong>
              </td>
              <td></td>
            </tr>
          </tbody>
        </table>
      </section>
      <h2>By location</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col" class="num">
                Available
              </th>
              <th scope="col" class="num">
                Safety stock held
              </th>
              <th scope="col" class="num">
                Held for other channels
              </th>
              <th scope="col" class="num">
                Contributes
              </th>
            </tr>
          </thead>
          <tbody>
            {ats.locations.map((location) => (
              <tr>
                <td>{location.locationCode}</td>
                <td class="num">{location.available}</td>
                <td class="num">{location.heldBackForSafetyStock}</td>
                <td class="num">{location.heldBackForChannels}</td>
                <td class="num">{location.ats}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.activeReservations.length ? (
        <>
          <h2>Active reservations</h2>
          <ul>
            {view.activeReservations.map((reservation) => (
              <li>
                <a href={`/orders/${encodeURIComponent(reservation.orderNumber)}`}>{reservation.orderNumber}</a>: {reservation.quantity} at{' '}
                {reservation.locationCode}
                {reservation.expiresAt ? `, expires ${formatDateTime(reservation.expiresAt)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.inboundPurchaseOrders.length ? (
        <>
          <h2>Inbound purchase orders</h2>
          <ul>
            {view.inboundPurchaseOrders.map((po) => (
              <li>
                {po.poNumber}: {po.open} open to {po.locationCode} ({po.status})
                {po.expectedAt ? `, expected ${formatDateTime(po.expectedAt)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {outlook ? <SkuForecast outlook={outlook} /> : null}
    </Layout>
  );
}
