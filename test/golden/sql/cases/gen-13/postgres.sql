-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 4 measures (trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS double precision) AS "recommend",
      CAST("cx_c4_v" AS text) AS "touchpoint",
      CAST("cx_c5_v" AS double precision) AS "effort",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
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
  COUNT(*) FILTER (WHERE ("amount" > 106)) AS cx_c3,
  COUNT("channel") FILTER (WHERE ("amount" > 106)) AS cx_c4,
  COUNT(DISTINCT "channel") FILTER (WHERE ("amount" > 106)) AS cx_c5,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c6,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c7,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c8,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c9,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c10,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c11
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 12 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS double precision) AS "recommend",
      CAST("cx_c4_v" AS text) AS "touchpoint",
      CAST("cx_c5_v" AS double precision) AS "effort",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT("recommend") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c1,
  MAX("recommend") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT("amount") AS cx_c4,
  percentile_cont(CAST(0.9 AS double precision)) WITHIN GROUP (ORDER BY "amount") AS cx_c5,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c6,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c7,
  COUNT(*) FILTER (WHERE (NOT ("touchpoint" = 'checkout'))) AS cx_c8,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("recommend" >= 8))) AS cx_c9,
  COUNT("amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("recommend" >= 8))) AS cx_c10,
  percentile_cont(CAST(0.1 AS double precision)) WITHIN GROUP (ORDER BY "amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("recommend" >= 8))) AS cx_c11,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'phone'))) AS cx_c12,
  COUNT("amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'phone'))) AS cx_c13,
  percentile_cont(CAST(0.9 AS double precision)) WITHIN GROUP (ORDER BY "amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("channel" <> 'phone'))) AS cx_c14,
  COUNT(*) FILTER (WHERE ("answered_at" < DATE '2026-06-01')) AS cx_c15,
  COUNT("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c16,
  MIN("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c17
FROM cx_rows;

-- 2 measures (by channel, trend month)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS double precision) AS "recommend",
      CAST("cx_c4_v" AS text) AS "touchpoint",
      CAST("cx_c5_v" AS double precision) AS "effort",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
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
  GROUPING("channel") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "channel" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE (NOT ("touchpoint" = 'checkout'))) AS cx_c5
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 8 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "recommend" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS double precision) AS "recommend",
      CAST("cx_c4_v" AS text) AS "touchpoint",
      CAST("cx_c5_v" AS double precision) AS "effort",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
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
  COUNT(*) FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c3,
  SUM("effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c4,
  SUM("effort" * "effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c5,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c6,
  COUNT("touchpoint") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c7,
  COUNT(DISTINCT "touchpoint") FILTER (WHERE cx_day > DATE '2026-05-01' AND cx_day <= DATE '2026-06-30') AS cx_c8,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c9,
  COUNT("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c10,
  MIN("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c11,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c12,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c13,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c14
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "status" AS "cx_c3_v",
      "customer" AS "cx_c4_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "status",
      CAST("cx_c4_v" AS text) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT("amount") FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c1,
  MAX("amount") FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c2
FROM cx_rows
WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30';

-- 4 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "placed_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "status" AS "cx_c3_v",
      "customer" AS "cx_c4_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "placed_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "status",
      CAST("cx_c4_v" AS text) AS "customer"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("status" = 'cancelled')) AS cx_c3,
  COUNT("customer") FILTER (WHERE ("status" = 'cancelled')) AS cx_c4,
  COUNT(DISTINCT "customer") FILTER (WHERE ("status" = 'cancelled')) AS cx_c5,
  COUNT(*) FILTER (WHERE ("amount" > 584)) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));
