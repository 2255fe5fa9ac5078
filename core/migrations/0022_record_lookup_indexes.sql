-- Entity linking (core/lookup/numbered-matches.ts) matches a written id against every document of the
-- tenant by its skeleton (letters and digits, upper case: "so 10482" = "SO-10482") and by its serial
-- (last digit run without leading zeros: "457" = "W2612-0457"). These indexes hold exactly those
-- expressions, so a lookup reads a handful of index entries instead of every order (issue 15, session 13).
CREATE INDEX orders_number_skeleton_idx ON orders (tenant_id, (upper(regexp_replace(number, '[^A-Za-z0-9]', '', 'g'))));
CREATE INDEX orders_number_serial_idx ON orders (tenant_id, (regexp_replace(substring(number from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
CREATE INDEX returns_rma_skeleton_idx ON returns (tenant_id, (upper(regexp_replace(rma_number, '[^A-Za-z0-9]', '', 'g'))));
CREATE INDEX returns_rma_serial_idx ON returns (tenant_id, (regexp_replace(substring(rma_number from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
CREATE INDEX shipments_ref_skeleton_idx ON shipments (tenant_id, (upper(regexp_replace(external_ref, '[^A-Za-z0-9]', '', 'g'))));
CREATE INDEX shipments_ref_serial_idx ON shipments (tenant_id, (regexp_replace(substring(external_ref from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
CREATE INDEX shipments_tracking_skeleton_idx ON shipments (tenant_id, (upper(regexp_replace(tracking_number, '[^A-Za-z0-9]', '', 'g'))));
CREATE INDEX shipments_tracking_serial_idx ON shipments (tenant_id, (regexp_replace(substring(tracking_number from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
CREATE INDEX invoices_number_skeleton_idx ON invoices (tenant_id, (upper(regexp_replace(invoice_number, '[^A-Za-z0-9]', '', 'g'))));
CREATE INDEX invoices_number_serial_idx ON invoices (tenant_id, (regexp_replace(substring(invoice_number from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
CREATE INDEX customers_code_serial_idx ON customers (tenant_id, (regexp_replace(substring(code from '([0-9]+)[^0-9]*$'), '^0+(?=[0-9])', '')));
