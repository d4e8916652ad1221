-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double precision) AS "amount",
      CAST("cx_c1_v" AS date) AS "placed_at",
      CAST("cx_c2_v" AS text) AS "status",
      CAST("cx_c3_v" AS text) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("amount" > 620)) AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c3,
  SUM("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c4,
  VAR_POP("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') * COUNT("amount") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c5,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled')))) AS cx_c6,
  COUNT("amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled')))) AS cx_c7,
  MAX("amount") FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((NOT ("status" = 'cancelled')))) AS cx_c8
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double precision) AS "amount",
      CAST("cx_c1_v" AS date) AS "placed_at",
      CAST("cx_c2_v" AS text) AS "status",
      CAST("cx_c3_v" AS text) AS "channel"
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
  COUNT(*) FILTER (WHERE ("status" = 'refunded')) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 1 measure (by channel)
WITH
  cx_raw AS (
    SELECT
      "amount" AS "cx_c0_v",
      "placed_at" AS "cx_c1_v",
      "status" AS "cx_c2_v",
      "channel" AS "cx_c3_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double precision) AS "amount",
      CAST("cx_c1_v" AS date) AS "placed_at",
      CAST("cx_c2_v" AS text) AS "status",
      CAST("cx_c3_v" AS text) AS "channel"
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

-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 6 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "touchpoint",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied",
      CAST("cx_c6_v" AS double precision) AS "effort"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-02' AND cx_day <= DATE '2026-06-30') AND (("amount" > 118))) AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("channel" IS NOT NULL)) AS cx_c3,
  COUNT("amount") AS cx_c4,
  MAX("amount") AS cx_c5,
  COUNT("amount") AS cx_c6,
  percentile_cont(CAST(0.25 AS double precision)) WITHIN GROUP (ORDER BY "amount") AS cx_c7,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c8,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c9
FROM cx_rows;

-- 4 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "touchpoint",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied",
      CAST("cx_c6_v" AS double precision) AS "effort"
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
  COUNT(*) FILTER (WHERE (("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AS cx_c3,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c4,
  COUNT(*) FILTER (WHERE (((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((("touchpoint" = 'store') AND ("touchpoint" = 'checkout'))) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c6,
  COUNT("amount") AS cx_c7,
  percentile_cont(CAST(0.25 AS double precision)) WITHIN GROUP (ORDER BY "amount") AS cx_c8
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- 4 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "answered_at" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "channel" AS "cx_c2_v",
      "touchpoint" AS "cx_c3_v",
      "recommend" AS "cx_c4_v",
      "satisfied" AS "cx_c5_v",
      "effort" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "answered_at",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "channel",
      CAST("cx_c3_v" AS text) AS "touchpoint",
      CAST("cx_c4_v" AS double precision) AS "recommend",
      CAST("cx_c5_v" AS double precision) AS "satisfied",
      CAST("cx_c6_v" AS double precision) AS "effort"
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
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" <= 9)) AS cx_c5,
  COUNT("effort") FILTER (WHERE ("recommend" <= 9)) AS cx_c6,
  SUM("effort") FILTER (WHERE ("recommend" <= 9)) AS cx_c7,
  VAR_POP("effort") FILTER (WHERE ("recommend" <= 9)) * COUNT("effort") FILTER (WHERE ("recommend" <= 9)) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));
