/** The exception queue: filters, severity, SLA countdown and age, links to the order, the detail and the triage run. */
import { EXCEPTION_STATUSES, EXCEPTION_TYPES, SEVERITIES, type OperationalException } from '../../../core/exceptions/index.ts';
import type { Principal } from '../../../core/identity/roles.ts';
import type { ExceptionQuery } from '../../api/exception-routes.ts';
import { Age, SeverityBadge, SlaCountdown, StatusBadge } from '../components/exception-badges.tsx';
import { Layout } from '../layout.tsx';

export interface ExceptionsPageProps {
  principal: Principal;
  query: ExceptionQuery;
  exceptions: OperationalException[];
  now: Date;
  error?: string;
}

const label = (value: string) => value.replaceAll('_', ' ');

function Select({
  id,
  name,
  title,
  options,
  selected,
  any,
}: {
  id: string;
  name: string;
  title: string;
  options: readonly string[];
  selected?: string;
  any: string;
}) {
  return (
    <div class="field">
      <label for={id}>{title}</label>
      <select id={id} name={name}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option value={option} selected={option === selected}>
            {label(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ExceptionsPage({ principal, query, exceptions, now, error }: ExceptionsPageProps) {
  const status = query.status === 'live' ? 'live' : query.status?.[0];
  return (
    <Layout title="Exceptions" path="/exceptions" principal={principal} scripts={['countdown.js']}>
      <h1>Exceptions</h1>
      {error ? (
        <p class="notice error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="get" action="/exceptions" class="filters card" aria-label="Filter exceptions">
        <Select id="filter-type" name="type" title="Type" options={EXCEPTION_TYPES} selected={query.type?.[0]} any="All types" />
        <Select
          id="filter-severity"
          name="severity"
          title="Severity"
          options={[...SEVERITIES].reverse()}
          selected={query.severity?.[0]}
          any="Any severity"
        />
        <Select
          id="filter-status"
          name="status"
          title="Status"
          options={['live', ...EXCEPTION_STATUSES]}
          selected={status}
          any="Any status"
        />
        <div class="field">
          <label for="filter-sla">SLA</label>
          <select id="filter-sla" name="slaBreached">
            <option value="">Any</option>
            <option value="true" selected={query.slaBreached === true}>
              Breached
            </option>
            <option value="false" selected={query.slaBreached === false}>
              Within SLA
            </option>
          </select>
        </div>
        <div class="field">
          <label for="filter-assigned">Assigned</label>
          <select id="filter-assigned" name="assigned">
            {[
              ['', 'Anyone'],
              ['mine-or-queues', 'Me or my queues'],
              ['me', 'Me'],
              ['my-queues', 'My queues'],
              ['unassigned', 'Unassigned'],
            ].map(([value, text]) => (
              <option value={value} selected={(query.assigned ?? '') === value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-sort">Sort</label>
          <select id="filter-sort" name="sort">
            {[
              ['oldest', 'Oldest first'],
              ['newest', 'Newest first'],
              ['severity', 'Most severe first'],
              ['sla', 'Due soonest first'],
            ].map(([value, text]) => (
              <option value={value} selected={query.sort === value}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Apply</button>
      </form>
      <p class="muted" role="status">
        {exceptions.length === query.limit ? `First ${exceptions.length}` : exceptions.length} exception{exceptions.length === 1 ? '' : 's'}
      </p>
      {exceptions.length === 0 ? (
        <p class="notice ok">No exceptions match these filters.</p>
      ) : (
        <div class="table-wrap">
          <table id="exception-queue">
            <caption class="visually-hidden">Exception queue</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Exception</th>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Age</th>
                <th scope="col">SLA</th>
                <th scope="col">With</th>
                <th scope="col">Triage</th>
              </tr>
            </thead>
            <tbody>
              {exceptions.map((exception) => (
                <tr data-exception-id={exception.id}>
                  <td>
                    <SeverityBadge severity={exception.severity} />
                  </td>
                  <td>
                    <a href={`/exceptions/${exception.id}`}>{exception.title}</a>
                    <div class="muted">{label(exception.type)}</div>
                  </td>
                  <td class="nowrap">
                    {exception.codes.orderNumber ? (
                      <a href={`/orders/${encodeURIComponent(exception.codes.orderNumber)}`}>{exception.codes.orderNumber}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <StatusBadge status={exception.status} />
                  </td>
                  <td class="nowrap">
                    <Age since={exception.detectedAt} now={now} />
                  </td>
                  <td class="nowrap">
                    <SlaCountdown exception={exception} now={now} />
                  </td>
                  <td class="assignment">
                    {exception.assignment.owner ?? <span class="muted">nobody</span>}
                    {exception.assignment.queue ? <div class="muted">queue {exception.assignment.queue}</div> : null}
                    {exception.assignment.reason && exception.assignment.reason.by !== 'rule' ? (
                      <div class="why">{exception.assignment.reason.reason}</div>
                    ) : null}
                  </td>
                  <td>
                    {exception.triage.lastRunId ? (
                      <a href={`/runs/${exception.triage.lastRunId}`}>Triage run</a>
                    ) : (
                      <span class="muted">not yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
