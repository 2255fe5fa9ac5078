-- duplicate_order looks for a new order's partners among the same customer's orders placed within 30
-- minutes of it: with placed_at in the index that probe reads only the orders inside the window, not
-- the customer's whole history (O(matching rows) per event, however long the history grows).
CREATE INDEX orders_customer_placed_idx ON orders (tenant_id, customer_id, placed_at);
