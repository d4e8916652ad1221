-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 5 measures (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "effort",
      CAST("cx_c3_v" AS double precision) AS "amount",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT("effort") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c3,
  MIN("effort") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c4,
  COUNT(*) AS cx_c5,
  COUNT(*) FILTER (WHERE ("channel" IS NULL)) AS cx_c6,
  COUNT("recommend") FILTER (WHERE ("channel" IS NULL)) AS cx_c7,
  SUM("recommend") FILTER (WHERE ("channel" IS NULL)) AS cx_c8,
  VAR_POP("recommend") FILTER (WHERE ("channel" IS NULL)) * COUNT("recommend") FILTER (WHERE ("channel" IS NULL)) AS cx_c9,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c10,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c11
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 8 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "effort",
      CAST("cx_c3_v" AS double precision) AS "amount",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT("amount") AS cx_c1,
  SUM("amount") AS cx_c2,
  VAR_POP("amount") * COUNT("amount") AS cx_c3,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c4,
  COUNT("recommend") FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c5,
  MAX("recommend") FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c6,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c7,
  COUNT("effort") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c8,
  MIN("effort") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c9,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c10,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c11,
  COUNT(*) FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c12,
  SUM("effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c13,
  SUM("effort" * "effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c14
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "effort" AS "cx_c2_v",
      "amount" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "effort",
      CAST("cx_c3_v" AS double precision) AS "amount",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied"
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
  COUNT("channel") AS cx_c3,
  COUNT(DISTINCT "channel") AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT("amount") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c1,
  SUM("amount") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  VAR_POP("amount") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') * COUNT("amount") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AND (("channel" = 'phone'))) AS cx_c4,
  COUNT(*) AS cx_c5,
  COUNT(*) FILTER (WHERE ("channel" = 'web')) AS cx_c6,
  COUNT("customer") FILTER (WHERE ("channel" = 'web')) AS cx_c7,
  COUNT(DISTINCT "customer") FILTER (WHERE ("channel" = 'web')) AS cx_c8
FROM cx_rows;

-- 2 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "customer"
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
  GROUPING("channel") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "channel" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c4,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AND (("channel" = 'app'))) AS cx_c5
FROM cx_keyed
WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 1 measure (by channel)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 3 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "customer" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "customer"
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
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366))) AS cx_c3,
  COUNT("customer") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366))) AS cx_c4,
  COUNT(DISTINCT "customer") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("amount" > 366))) AS cx_c5
FROM cx_keyed
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), (cx_period));
