-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source customers (postgres)
-- customers: file data, shown as a table named 'customers' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "churned_at",
      CAST("cx_c1_v" AS date) AS "joined_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE (("joined_at" < DATE '2026-04-01') AND (("churned_at" IS NULL) OR ("churned_at" >= DATE '2026-04-01')))) AS cx_c1,
  COUNT(*) FILTER (WHERE (("joined_at" <= DATE '2026-06-30') AND (("churned_at" IS NULL) OR ("churned_at" > DATE '2026-06-30')))) AS cx_c2,
  COUNT(*) FILTER (WHERE (("joined_at" >= DATE '2026-04-01') AND ("joined_at" <= DATE '2026-06-30'))) AS cx_c3,
  COUNT(*) FILTER (WHERE ((("joined_at" < DATE '2026-04-01') AND ("churned_at" >= DATE '2026-04-01')) AND ("churned_at" <= DATE '2026-06-30'))) AS cx_c4
FROM cx_rows;

-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "status",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("status" = 'refunded')) AS cx_c1,
  COUNT(*) FILTER (WHERE ("status" <> 'refunded')) AS cx_c2,
  COUNT("amount") FILTER (WHERE ("status" <> 'refunded')) AS cx_c3,
  SUM("amount") FILTER (WHERE ("status" <> 'refunded')) AS cx_c4,
  VAR_POP("amount") FILTER (WHERE ("status" <> 'refunded')) * COUNT("amount") FILTER (WHERE ("status" <> 'refunded')) AS cx_c5,
  COUNT("customer") AS cx_c6,
  COUNT(DISTINCT "customer") AS cx_c7
FROM cx_rows;
