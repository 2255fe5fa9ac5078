/** Dashboard: the tenant's operational KPIs as server-rendered SVG charts. */
import type { Principal } from '../../../core/identity/roles.ts';
import { ModulePending } from '../components/module-pending.tsx';
import { Layout } from '../layout.tsx';

export function DashboardPage({ principal }: { principal: Principal }) {
  return (
    <Layout title="Dashboard" path="/" principal={principal}>
      <h1>Dashboard</h1>
      <ModulePending what="Order release time, backorder rate, perfect order rate, return-to-restock time, open exceptions and SLA breaches" module="core KPIs" />
    </Layout>
  );
}
