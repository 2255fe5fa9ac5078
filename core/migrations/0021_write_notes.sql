-- Write notes: every write statement on a core table notes what it changed in a transaction-local
-- setting (`copilot.writes`), which write tracking reads at the end of the transaction
-- (core/db/write-generations.ts). The read cache then drops only the answers that read what changed —
-- one order, one SKU's stock, a table — instead of every cached answer of the tenant
-- (docs/decisions/012-write-notes.md; docs/benchmarks.md, reads).
--
-- A note is a space-separated token: `order:<id>` (the order and its parts), `sku:<id>` (a SKU's stock,
-- allocations, demand), `customer:<id>`, or `table:<name>` for a table not kept by key. `*` means
-- "anything of the tenant" (a truncation of a keyed table, or more notes than are worth keeping).
-- Statement-level triggers: one call per statement, keys read from its transition tables.

CREATE FUNCTION copilot_note_writes(tokens text[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  noted text := coalesce(current_setting('copilot.writes', true), '');
BEGIN
  IF noted = '*' OR cardinality(tokens) = 0 THEN
    RETURN;
  END IF;
  noted := noted || ' ' || array_to_string(tokens, ' ');
  -- Past this a transaction is bulk work (a seed, an import): it changes "anything", said in one character.
  IF length(noted) > 65536 THEN
    noted := '*';
  END IF;
  PERFORM set_config('copilot.writes', noted, true);
END
$$;

-- A table kept whole: one token, noted once per transaction.
CREATE FUNCTION copilot_note_table_write() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  token text := 'table:' || TG_TABLE_NAME;
  noted text := coalesce(current_setting('copilot.writes', true), '');
BEGIN
  IF noted <> '*' AND position(token || ' ' IN noted || ' ') = 0 THEN
    PERFORM copilot_note_writes(ARRAY[token]);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION copilot_note_truncate() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM set_config('copilot.writes', '*', true);
  RETURN NULL;
END
$$;

-- Notes writes to `target` as the table token.
CREATE FUNCTION copilot_track_table_writes(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format(
    'CREATE TRIGGER copilot_note_writes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION copilot_note_table_write()',
    target);
END
$$;

-- Notes writes to `target` by key: `keys_sql` is a query over `changed_rows` (the statement's rows)
-- yielding one text token per row it touches; for an UPDATE it runs over the rows before and after.
-- Its own function, so PL/pgSQL keeps the query's plan for the session.
CREATE FUNCTION copilot_track_keyed_writes(target regclass, keys_sql text) RETURNS void
  LANGUAGE plpgsql
  AS $track$
DECLARE
  name text := 'copilot_note_' || replace(target::text, '.', '_');
BEGIN
  EXECUTE format($body$
    CREATE FUNCTION %1$I() RETURNS trigger
      LANGUAGE plpgsql
      AS $function$
    BEGIN
      IF current_setting('copilot.writes', true) IS DISTINCT FROM '*' THEN
        IF TG_OP = 'UPDATE' THEN
          PERFORM copilot_note_writes(ARRAY(SELECT DISTINCT token FROM (%2$s UNION %3$s) AS notes (token) WHERE token IS NOT NULL));
        ELSE
          PERFORM copilot_note_writes(ARRAY(SELECT DISTINCT token FROM (%2$s) AS notes (token) WHERE token IS NOT NULL));
        END IF;
      END IF;
      RETURN NULL;
    END
    $function$$body$, name, keys_sql, replace(keys_sql, 'changed_rows', 'previous_rows'));
  EXECUTE format('CREATE TRIGGER copilot_note_inserts AFTER INSERT ON %s REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, name);
  EXECUTE format(
    'CREATE TRIGGER copilot_note_updates AFTER UPDATE ON %s REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()',
    target, name);
  EXECUTE format('CREATE TRIGGER copilot_note_deletes AFTER DELETE ON %s REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', target, name);
  EXECUTE format('CREATE TRIGGER copilot_note_truncates AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION copilot_note_truncate()', target);
END
$track$;

-- An order and everything read as its part (core/orders/get-order.ts).
SELECT copilot_track_keyed_writes('orders',
  $$SELECT 'order:' || id FROM changed_rows
    -- a status change moves the open demand of the order's SKUs (and of kits' components): their ATS
    UNION ALL SELECT 'sku:' || l.sku_id FROM order_lines l WHERE l.order_id IN (SELECT id FROM changed_rows)
    UNION ALL SELECT 'sku:' || k.component_sku_id FROM order_lines l JOIN kit_components k ON k.kit_sku_id = l.sku_id
               WHERE l.order_id IN (SELECT id FROM changed_rows)$$);
SELECT copilot_track_keyed_writes('order_lines',
  $$SELECT 'order:' || order_id FROM changed_rows
    UNION ALL SELECT 'sku:' || sku_id FROM changed_rows
    UNION ALL SELECT 'sku:' || k.component_sku_id FROM kit_components k WHERE k.kit_sku_id IN (SELECT sku_id FROM changed_rows)$$);
SELECT copilot_track_keyed_writes('reservations',
  $$SELECT 'order:' || order_id FROM changed_rows UNION ALL SELECT 'sku:' || sku_id FROM changed_rows$$);
SELECT copilot_track_keyed_writes('shipment_lines',
  $$SELECT 'order:' || l.order_id FROM order_lines l WHERE l.id IN (SELECT order_line_id FROM changed_rows)$$);
SELECT copilot_track_keyed_writes('return_lines',
  $$SELECT 'order:' || l.order_id FROM order_lines l WHERE l.id IN (SELECT order_line_id FROM changed_rows)
    UNION ALL SELECT 'sku:' || sku_id FROM changed_rows$$);
SELECT copilot_track_keyed_writes(part, $$SELECT 'order:' || order_id FROM changed_rows$$)
  FROM unnest(ARRAY['order_holds', 'payments', 'refunds', 'shipments', 'returns', 'invoices', 'erp_sync_attempts',
                    'backorder_notices', 'delay_notices']::regclass[]) AS part;

-- A SKU's stock and what its available-to-sell is computed from (core/inventory/available-to-sell.ts).
SELECT copilot_track_keyed_writes(part, $$SELECT 'sku:' || sku_id FROM changed_rows$$)
  FROM unnest(ARRAY['inventory_balances', 'safety_stock', 'channel_allocations']::regclass[]) AS part;

SELECT copilot_track_keyed_writes('customers', $$SELECT 'customer:' || id FROM changed_rows$$);

-- Every other core table, whole. Keys cost a transition table and a query per statement: the
-- append-only histories written with every event (an order's events, stock movements, daily history)
-- and purchase-order lines are read by no cached answer, so they are kept whole (about 10–30 % of an
-- event's CPU with keys on every table, docs/benchmarks.md).
SELECT copilot_track_table_writes(whole)
  FROM unnest(ARRAY['order_events', 'inventory_movements', 'inventory_daily_history', 'purchase_order_lines', 'tenants', 'users', 'api_keys', 'locations', 'skus', 'kit_components', 'purchase_orders', 'inbound_events',
                    'dead_letter_events', 'exceptions', 'exception_events', 'event_batches', 'outbox_messages', 'action_outcomes',
                    'partners', 'partner_grants', 'partner_users', 'partner_api_keys', 'external_identities',
                    'tenant_sla_calendars']::regclass[]) AS whole;
