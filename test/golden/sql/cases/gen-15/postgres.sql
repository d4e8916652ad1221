-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 11 measures (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "answered_at" AS "cx_c3_v",
      "effort" AS "cx_c4_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "touchpoint",
      CAST("cx_c3_v" AS date) AS "answered_at",
      CAST("cx_c4_v" AS double precision) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("channel" <> 'store')) AS cx_c3,
  COUNT("amount") FILTER (WHERE ("channel" <> 'store')) AS cx_c4,
  percentile_cont(CAST(0.5 AS double precision)) WITHIN GROUP (ORDER BY "amount") FILTER (WHERE ("channel" <> 'store')) AS cx_c5,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'store')) AS cx_c6,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c7,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'app'))) AS cx_c8,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'app'))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c9,
  SUM("effort") FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'app'))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c10,
  SUM("effort" * "effort") FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'app'))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c11,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'store'))) AS cx_c12,
  COUNT("amount") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'store'))) AS cx_c13,
  percentile_cont(CAST(0.5 AS double precision)) WITHIN GROUP (ORDER BY "amount") FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'store'))) AS cx_c14,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 134))) AS cx_c15,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 134))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c16,
  SUM("effort") FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 134))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c17,
  SUM("effort" * "effort") FILTER (WHERE ((cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 134))) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c18,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c19
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "answered_at" AS "cx_c3_v",
      "effort" AS "cx_c4_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "touchpoint",
      CAST("cx_c3_v" AS date) AS "answered_at",
      CAST("cx_c4_v" AS double precision) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (CAST(EXTRACT(YEAR FROM cx_day) AS integer) * 12 + CAST(EXTRACT(MONTH FROM cx_day) AS integer) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT("channel") AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "touchpoint" AS "cx_c2_v",
      "answered_at" AS "cx_c3_v",
      "effort" AS "cx_c4_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "touchpoint",
      CAST("cx_c3_v" AS date) AS "answered_at",
      CAST("cx_c4_v" AS double precision) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("amount" > 134)) AS cx_c1,
  COUNT(*) FILTER (WHERE (("amount" > 134)) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c2,
  SUM("effort") FILTER (WHERE (("amount" > 134)) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c3,
  SUM("effort" * "effort") FILTER (WHERE (("amount" > 134)) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("channel" <> 'store')) AS cx_c5,
  COUNT("amount") FILTER (WHERE ("channel" <> 'store')) AS cx_c6,
  percentile_cont(CAST(0.5 AS double precision)) WITHIN GROUP (ORDER BY "amount") FILTER (WHERE ("channel" <> 'store')) AS cx_c7,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'store')) AS cx_c8
FROM cx_rows;

-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "customer" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "amount" AS "cx_c2_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "customer",
      CAST("cx_c1_v" AS date) AS "placed_at",
      CAST("cx_c2_v" AS double precision) AS "amount"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT("customer") AS cx_c1,
  COUNT(DISTINCT "customer") AS cx_c2
FROM cx_rows;

-- 4 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "customer" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "amount" AS "cx_c2_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "customer",
      CAST("cx_c1_v" AS date) AS "placed_at",
      CAST("cx_c2_v" AS double precision) AS "amount"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (CAST(EXTRACT(YEAR FROM cx_day) AS integer) * 12 + CAST(EXTRACT(MONTH FROM cx_day) AS integer) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("placed_at" >= DATE '2026-03-01')) AS cx_c3,
  COUNT("customer") FILTER (WHERE ("placed_at" >= DATE '2026-03-01')) AS cx_c4,
  COUNT(DISTINCT "customer") FILTER (WHERE ("placed_at" >= DATE '2026-03-01')) AS cx_c5,
  COUNT("amount") AS cx_c6,
  SUM("amount") AS cx_c7,
  VAR_POP("amount") * COUNT("amount") AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));
