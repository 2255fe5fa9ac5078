/** A page whose backing module is not in this build yet: the frame and an honest notice, no invented data. */
import type { Principal } from '../../../core/identity/roles.ts';
import { ModulePending } from '../components/module-pending.tsx';
import { Layout } from '../layout.tsx';

export interface PendingPageProps {
  principal: Principal;
  title: string;
  path: string;
  what: string;
  module: string;
}

export function PendingPage({ principal, title, path, what, module }: PendingPageProps) {
  return (
    <Layout title={title} path={path} principal={principal}>
      <h1>{title}</h1>
      <ModulePending what={what} module={module} />
    </Layout>
  );
}
