-- cx sql --dialect postgres (as of 2026-06-30, zone Europe/Berlin)
-- source events (postgres)
-- events: file data, shown as a table named 'events' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- funnel purchase: customers reaching each of 4 steps
WITH
  cx_raw AS (
    SELECT
      "at" AS "cx_c0_v",
      "visitor_id" AS "cx_c1_v",
      "event" AS "cx_c2_v"
    FROM "events"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS timestamptz) AS "at",
      CAST("cx_c1_v" AS text) AS "visitor_id",
      CAST("cx_c2_v" AS text) AS "event"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(("at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_src
  ),
  cx_ev AS (
    SELECT "visitor_id" AS cx_id, CAST(EXTRACT(EPOCH FROM "at") * 1000 AS double precision) AS cx_t, cx_day AS cx_evday,
      ("event" = 'product_view') AS cx_s1,
      ("event" = 'add_to_cart') AS cx_s2,
      ("event" = 'checkout_start') AS cx_s3,
      ("event" = 'order_placed') AS cx_s4
    FROM cx_rows
    WHERE "visitor_id" IS NOT NULL AND "at" IS NOT NULL
  ),
  cx_f1 AS (
    SELECT cx_id, MIN(cx_t) AS cx_t1, MIN(cx_t) AS cx_tk
    FROM cx_ev
    WHERE cx_s1 AND cx_evday > DATE '2026-04-01' AND cx_evday <= DATE '2026-06-30'
    GROUP BY cx_id
  ),
  cx_f2 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f1 p ON e.cx_id = p.cx_id
    WHERE e.cx_s2 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f3 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f2 p ON e.cx_id = p.cx_id
    WHERE e.cx_s3 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  ),
  cx_f4 AS (
    SELECT e.cx_id, p.cx_t1, MIN(e.cx_t) AS cx_tk
    FROM cx_ev e
    JOIN cx_f3 p ON e.cx_id = p.cx_id
    WHERE e.cx_s4 AND e.cx_t >= p.cx_tk AND e.cx_t <= p.cx_t1 + 604800000
    GROUP BY e.cx_id, p.cx_t1
  )
SELECT
  cx_n1.cx_n AS cx_c0,
  cx_n2.cx_n AS cx_c1,
  cx_n3.cx_n AS cx_c2,
  cx_n4.cx_n AS cx_c3
FROM (SELECT COUNT(*) AS cx_n FROM cx_f1) AS cx_n1
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f2) AS cx_n2
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f3) AS cx_n3
CROSS JOIN (SELECT COUNT(*) AS cx_n FROM cx_f4) AS cx_n4;

-- source customers (postgres)
-- customers: file data, shown as a table named 'customers' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v",
      "id" AS "cx_c2_v",
      "segment" AS "cx_c3_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "churned_at",
      CAST("cx_c1_v" AS date) AS "joined_at",
      CAST("cx_c2_v" AS text) AS "id",
      CAST("cx_c3_v" AS text) AS "segment"
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
  COUNT(*) FILTER (WHERE (("joined_at" >= DATE '2026-04-01') AND ("joined_at" <= DATE '2026-06-30'))) AS cx_c3
FROM cx_rows;

-- 5 measures (by segment)
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v",
      "id" AS "cx_c2_v",
      "segment" AS "cx_c3_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "churned_at",
      CAST("cx_c1_v" AS date) AS "joined_at",
      CAST("cx_c2_v" AS text) AS "id",
      CAST("cx_c3_v" AS text) AS "segment"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("segment") AS cx_c0,
  "segment" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE (("joined_at" <= DATE '2026-06-30') AND (("churned_at" IS NULL) OR ("churned_at" > DATE '2026-06-30')))) AS cx_c3,
  COUNT(*) FILTER (WHERE (("joined_at" >= DATE '2026-04-01') AND ("joined_at" <= DATE '2026-06-30'))) AS cx_c4,
  COUNT(*) FILTER (WHERE (("joined_at" < DATE '2026-04-01') AND (("churned_at" IS NULL) OR ("churned_at" >= DATE '2026-04-01')))) AS cx_c5,
  COUNT(*) FILTER (WHERE ((("joined_at" < DATE '2026-04-01') AND ("churned_at" >= DATE '2026-04-01')) AND ("churned_at" <= DATE '2026-06-30'))) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("segment"));

-- cohort customer_retention: customers, observed and retained per cohort and age 0..12
WITH
  cx_raw AS (
    SELECT
      "churned_at" AS "cx_c0_v",
      "joined_at" AS "cx_c1_v",
      "id" AS "cx_c2_v",
      "segment" AS "cx_c3_v"
    FROM "customers"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS date) AS "churned_at",
      CAST("cx_c1_v" AS date) AS "joined_at",
      CAST("cx_c2_v" AS text) AS "id",
      CAST("cx_c3_v" AS text) AS "segment"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cust AS (
    SELECT "id" AS cx_id, MIN("joined_at") AS cx_s,
      CASE WHEN COUNT(*) > COUNT("churned_at") THEN NULL ELSE MAX("churned_at") END AS cx_e
    FROM cx_rows
    WHERE "id" IS NOT NULL AND "joined_at" IS NOT NULL
    GROUP BY "id"
  ),
  cx_kept AS (
    SELECT *, (CAST(EXTRACT(YEAR FROM cx_s) AS integer) * 12 + CAST(EXTRACT(MONTH FROM cx_s) AS integer) - 1) AS cx_code
    FROM cx_cust
    WHERE TRUE
  )
SELECT
  cx_code AS cx_c0,
  cx_age AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date) <= DATE '2026-06-30') AS cx_c3,
  COUNT(*) FILTER (WHERE CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date) <= DATE '2026-06-30' AND (cx_e IS NULL OR cx_e > CAST(cx_s + CAST(cx_age AS integer) * INTERVAL '1 month' AS date))) AS cx_c4
FROM cx_kept
CROSS JOIN (SELECT 0 AS cx_age UNION ALL SELECT 1 AS cx_age UNION ALL SELECT 2 AS cx_age UNION ALL SELECT 3 AS cx_age UNION ALL SELECT 4 AS cx_age UNION ALL SELECT 5 AS cx_age UNION ALL SELECT 6 AS cx_age UNION ALL SELECT 7 AS cx_age UNION ALL SELECT 8 AS cx_age UNION ALL SELECT 9 AS cx_age UNION ALL SELECT 10 AS cx_age UNION ALL SELECT 11 AS cx_age UNION ALL SELECT 12 AS cx_age) AS cx_ages
GROUP BY cx_code, cx_age;

-- source relationship_survey (postgres)
-- relationship_survey: file data, shown as a table named 'relationship_survey' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 2 measures (by region), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "rate_support" AS "cx_c0_v",
      "rate_returns" AS "cx_c1_v",
      "rate_delivery" AS "cx_c2_v",
      "rate_checkout" AS "cx_c3_v",
      "rate_product_pages" AS "cx_c4_v",
      "recommend" AS "cx_c5_v",
      "region" AS "cx_c6_v",
      "answered_at" AS "cx_c7_v"
    FROM "relationship_survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double precision) AS "rate_support",
      CAST("cx_c1_v" AS double precision) AS "rate_returns",
      CAST("cx_c2_v" AS double precision) AS "rate_delivery",
      CAST("cx_c3_v" AS double precision) AS "rate_checkout",
      CAST("cx_c4_v" AS double precision) AS "rate_product_pages",
      CAST("cx_c5_v" AS double precision) AS "recommend",
      CAST("cx_c6_v" AS text) AS "region",
      CAST("cx_c7_v" AS date) AS "answered_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("region"));

-- drivers recommendation_drivers: complete cases, means, ranges and correlations of 6 columns
WITH
  cx_raw AS (
    SELECT
      "rate_support" AS "cx_c0_v",
      "rate_returns" AS "cx_c1_v",
      "rate_delivery" AS "cx_c2_v",
      "rate_checkout" AS "cx_c3_v",
      "rate_product_pages" AS "cx_c4_v",
      "recommend" AS "cx_c5_v",
      "region" AS "cx_c6_v",
      "answered_at" AS "cx_c7_v"
    FROM "relationship_survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double precision) AS "rate_support",
      CAST("cx_c1_v" AS double precision) AS "rate_returns",
      CAST("cx_c2_v" AS double precision) AS "rate_delivery",
      CAST("cx_c3_v" AS double precision) AS "rate_checkout",
      CAST("cx_c4_v" AS double precision) AS "rate_product_pages",
      CAST("cx_c5_v" AS double precision) AS "recommend",
      CAST("cx_c6_v" AS text) AS "region",
      CAST("cx_c7_v" AS date) AS "answered_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      "recommend" AS cx_x0,
      "rate_product_pages" AS cx_x1,
      "rate_checkout" AS cx_x2,
      "rate_delivery" AS cx_x3,
      "rate_returns" AS cx_x4,
      "rate_support" AS cx_x5
    FROM cx_rows
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  AVG(cx_x3) AS cx_c4,
  AVG(cx_x4) AS cx_c5,
  AVG(cx_x5) AS cx_c6,
  MIN(cx_x0) AS cx_c7,
  MIN(cx_x1) AS cx_c8,
  MIN(cx_x2) AS cx_c9,
  MIN(cx_x3) AS cx_c10,
  MIN(cx_x4) AS cx_c11,
  MIN(cx_x5) AS cx_c12,
  MAX(cx_x0) AS cx_c13,
  MAX(cx_x1) AS cx_c14,
  MAX(cx_x2) AS cx_c15,
  MAX(cx_x3) AS cx_c16,
  MAX(cx_x4) AS cx_c17,
  MAX(cx_x5) AS cx_c18,
  CORR(cx_x0, cx_x1) AS cx_c19,
  CORR(cx_x0, cx_x2) AS cx_c20,
  CORR(cx_x0, cx_x3) AS cx_c21,
  CORR(cx_x0, cx_x4) AS cx_c22,
  CORR(cx_x0, cx_x5) AS cx_c23,
  CORR(cx_x1, cx_x2) AS cx_c24,
  CORR(cx_x1, cx_x3) AS cx_c25,
  CORR(cx_x1, cx_x4) AS cx_c26,
  CORR(cx_x1, cx_x5) AS cx_c27,
  CORR(cx_x2, cx_x3) AS cx_c28,
  CORR(cx_x2, cx_x4) AS cx_c29,
  CORR(cx_x2, cx_x5) AS cx_c30,
  CORR(cx_x3, cx_x4) AS cx_c31,
  CORR(cx_x3, cx_x5) AS cx_c32,
  CORR(cx_x4, cx_x5) AS cx_c33
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL AND cx_x3 IS NOT NULL AND cx_x4 IS NOT NULL AND cx_x5 IS NOT NULL;

-- source orders (postgres)
-- orders: file data, shown as a table named 'orders' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "status",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "customer",
      CAST("cx_c3_v" AS text) AS "region",
      CAST("cx_c4_v" AS date) AS "placed_at",
      CAST("cx_c5_v" AS date) AS "promised_at",
      CAST("cx_c6_v" AS date) AS "delivered_at",
      CAST("cx_c7_v" AS text) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("status" IN ('delivered', 'shipped'))) AS cx_c1,
  COUNT("amount") FILTER (WHERE ("status" IN ('delivered', 'shipped'))) AS cx_c2,
  SUM("amount") FILTER (WHERE ("status" IN ('delivered', 'shipped'))) AS cx_c3,
  VAR_POP("amount") FILTER (WHERE ("status" IN ('delivered', 'shipped'))) * COUNT("amount") FILTER (WHERE ("status" IN ('delivered', 'shipped'))) AS cx_c4,
  COUNT("customer") AS cx_c5,
  COUNT(DISTINCT "customer") AS cx_c6,
  COUNT(*) FILTER (WHERE ("status" = 'refunded')) AS cx_c7,
  COUNT(*) FILTER (WHERE ("status" <> 'cancelled')) AS cx_c8
FROM cx_rows;

-- 3 measures (by region)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "status",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "customer",
      CAST("cx_c3_v" AS text) AS "region",
      CAST("cx_c4_v" AS date) AS "placed_at",
      CAST("cx_c5_v" AS date) AS "promised_at",
      CAST("cx_c6_v" AS date) AS "delivered_at",
      CAST("cx_c7_v" AS text) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "placed_at" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("delivered_at" <= "promised_at"))) AS cx_c3,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("delivered_at" IS NOT NULL))) AS cx_c4
FROM cx_rows
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("region"));

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "status" AS "cx_c0_v",
      "amount" AS "cx_c1_v",
      "customer" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "placed_at" AS "cx_c4_v",
      "promised_at" AS "cx_c5_v",
      "delivered_at" AS "cx_c6_v",
      "channel" AS "cx_c7_v"
    FROM "orders"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "status",
      CAST("cx_c1_v" AS double precision) AS "amount",
      CAST("cx_c2_v" AS text) AS "customer",
      CAST("cx_c3_v" AS text) AS "region",
      CAST("cx_c4_v" AS date) AS "placed_at",
      CAST("cx_c5_v" AS date) AS "promised_at",
      CAST("cx_c6_v" AS date) AS "delivered_at",
      CAST("cx_c7_v" AS text) AS "channel"
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
  COUNT(*) FILTER (WHERE ("status" = 'returned')) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- source surveys (postgres)
-- surveys: file data, shown as a table named 'surveys' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "recommend",
      CAST("cx_c3_v" AS text) AS "region",
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
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c5,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c7,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c8,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c9,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c10
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 15 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "recommend",
      CAST("cx_c3_v" AS text) AS "region",
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
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c1,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c3,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c4,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c5,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c7,
  COUNT(*) AS cx_c8,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'checkout')) AS cx_c9,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c10,
  SUM("effort") FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c11,
  SUM("effort" * "effort") FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c12,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'returns')) AS cx_c13,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c14,
  SUM("effort") FILTER (WHERE (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c15,
  SUM("effort" * "effort") FILTER (WHERE (("touchpoint" = 'returns')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c16,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'product_page')) AS cx_c17,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'product_page')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c18,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'product_page')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c19,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c20,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c21,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'store')) AS cx_c22,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'store')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c23,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'store')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c24,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'returns')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c25,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'returns')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c26
FROM cx_rows;

-- 3 measures (by region, trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "recommend",
      CAST("cx_c3_v" AS text) AS "region",
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
  GROUPING("region") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "region" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'delivery')) AS cx_c5,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c6,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c7,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'delivery')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c8
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("region"), (cx_period));

-- 3 measures (by channel, region)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "answered_at" AS "cx_c1_v",
      "recommend" AS "cx_c2_v",
      "region" AS "cx_c3_v",
      "touchpoint" AS "cx_c4_v",
      "effort" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS date) AS "answered_at",
      CAST("cx_c2_v" AS double precision) AS "recommend",
      CAST("cx_c3_v" AS text) AS "region",
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
  "region" AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'delivery')) AS cx_c4,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'delivery')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c5,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'delivery')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel", "region"));

-- source tickets (postgres)
-- tickets: file data, shown as a table named 'tickets' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 2 measures (by channel, trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "first_reply_at" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS timestamptz) AS "opened_at",
      CAST("cx_c2_v" AS double precision) AS "first_response_minutes",
      CAST("cx_c3_v" AS boolean) AS "resolved",
      CAST("cx_c4_v" AS boolean) AS "reopened",
      CAST("cx_c5_v" AS timestamptz) AS "first_reply_at",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_d1 AS (
    SELECT *, (lpad(CAST(CAST(EXTRACT(YEAR FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 4, '0') || '-' || lpad(CAST(CAST(EXTRACT(MONTH FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 2, '0')) AS "opened_month"
    FROM cx_src
  ),
  cx_d2 AS (
    SELECT *, ((CAST(EXTRACT(EPOCH FROM "first_reply_at") * 1000 AS double precision) - CAST(EXTRACT(EPOCH FROM "opened_at") * 1000 AS double precision)) / 60000) AS "wait_minutes"
    FROM cx_d1
  ),
  cx_rows AS (
    SELECT *, CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_d2
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
  COUNT("first_response_minutes") AS cx_c5,
  percentile_cont(CAST(0.5 AS double precision)) WITHIN GROUP (ORDER BY "first_response_minutes") AS cx_c6,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("channel"), (cx_period));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "first_reply_at" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS timestamptz) AS "opened_at",
      CAST("cx_c2_v" AS double precision) AS "first_response_minutes",
      CAST("cx_c3_v" AS boolean) AS "resolved",
      CAST("cx_c4_v" AS boolean) AS "reopened",
      CAST("cx_c5_v" AS timestamptz) AS "first_reply_at",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_d1 AS (
    SELECT *, (lpad(CAST(CAST(EXTRACT(YEAR FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 4, '0') || '-' || lpad(CAST(CAST(EXTRACT(MONTH FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 2, '0')) AS "opened_month"
    FROM cx_src
  ),
  cx_d2 AS (
    SELECT *, ((CAST(EXTRACT(EPOCH FROM "first_reply_at") * 1000 AS double precision) - CAST(EXTRACT(EPOCH FROM "opened_at") * 1000 AS double precision)) / 60000) AS "wait_minutes"
    FROM cx_d1
  ),
  cx_rows AS (
    SELECT *, CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_d2
  ),
  cx_keyed AS (
    SELECT *, (CAST(EXTRACT(YEAR FROM cx_day) AS integer) * 12 + CAST(EXTRACT(MONTH FROM cx_day) AS integer) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("resolved" = TRUE)) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 7 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "first_reply_at" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS timestamptz) AS "opened_at",
      CAST("cx_c2_v" AS double precision) AS "first_response_minutes",
      CAST("cx_c3_v" AS boolean) AS "resolved",
      CAST("cx_c4_v" AS boolean) AS "reopened",
      CAST("cx_c5_v" AS timestamptz) AS "first_reply_at",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_d1 AS (
    SELECT *, (lpad(CAST(CAST(EXTRACT(YEAR FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 4, '0') || '-' || lpad(CAST(CAST(EXTRACT(MONTH FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 2, '0')) AS "opened_month"
    FROM cx_src
  ),
  cx_d2 AS (
    SELECT *, ((CAST(EXTRACT(EPOCH FROM "first_reply_at") * 1000 AS double precision) - CAST(EXTRACT(EPOCH FROM "opened_at") * 1000 AS double precision)) / 60000) AS "wait_minutes"
    FROM cx_d1
  ),
  cx_rows AS (
    SELECT *, CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_d2
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("reopened" = TRUE)) AS cx_c1,
  COUNT(*) FILTER (WHERE ("resolved" = TRUE)) AS cx_c2,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c3,
  COUNT("wait_minutes") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c4,
  SUM("wait_minutes") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c5,
  VAR_POP("wait_minutes") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') * COUNT("wait_minutes") FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c6,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c7,
  COUNT("wait_minutes") FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c8,
  SUM("wait_minutes") FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c9,
  VAR_POP("wait_minutes") FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') * COUNT("wait_minutes") FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c10
FROM cx_rows;

-- 2 measures (by opened_month)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "first_reply_at" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS timestamptz) AS "opened_at",
      CAST("cx_c2_v" AS double precision) AS "first_response_minutes",
      CAST("cx_c3_v" AS boolean) AS "resolved",
      CAST("cx_c4_v" AS boolean) AS "reopened",
      CAST("cx_c5_v" AS timestamptz) AS "first_reply_at",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_d1 AS (
    SELECT *, (lpad(CAST(CAST(EXTRACT(YEAR FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 4, '0') || '-' || lpad(CAST(CAST(EXTRACT(MONTH FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 2, '0')) AS "opened_month"
    FROM cx_src
  ),
  cx_d2 AS (
    SELECT *, ((CAST(EXTRACT(EPOCH FROM "first_reply_at") * 1000 AS double precision) - CAST(EXTRACT(EPOCH FROM "opened_at") * 1000 AS double precision)) / 60000) AS "wait_minutes"
    FROM cx_d1
  ),
  cx_rows AS (
    SELECT *, CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_d2
  )
SELECT
  GROUPING("opened_month") AS cx_c0,
  "opened_month" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE ("wait_minutes" <= 60)) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), ("opened_month"));

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      "channel" AS "cx_c0_v",
      "opened_at" AS "cx_c1_v",
      "first_response_minutes" AS "cx_c2_v",
      "resolved" AS "cx_c3_v",
      "reopened" AS "cx_c4_v",
      "first_reply_at" AS "cx_c5_v",
      "satisfied" AS "cx_c6_v"
    FROM "tickets"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "channel",
      CAST("cx_c1_v" AS timestamptz) AS "opened_at",
      CAST("cx_c2_v" AS double precision) AS "first_response_minutes",
      CAST("cx_c3_v" AS boolean) AS "resolved",
      CAST("cx_c4_v" AS boolean) AS "reopened",
      CAST("cx_c5_v" AS timestamptz) AS "first_reply_at",
      CAST("cx_c6_v" AS double precision) AS "satisfied"
    FROM cx_raw
  ),
  cx_d1 AS (
    SELECT *, (lpad(CAST(CAST(EXTRACT(YEAR FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 4, '0') || '-' || lpad(CAST(CAST(EXTRACT(MONTH FROM CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date)) AS integer) AS text), 2, '0')) AS "opened_month"
    FROM cx_src
  ),
  cx_d2 AS (
    SELECT *, ((CAST(EXTRACT(EPOCH FROM "first_reply_at") * 1000 AS double precision) - CAST(EXTRACT(EPOCH FROM "opened_at") * 1000 AS double precision)) / 60000) AS "wait_minutes"
    FROM cx_d1
  ),
  cx_rows AS (
    SELECT *, CAST(("opened_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_d2
  )
SELECT
  GROUPING("channel") AS cx_c0,
  "channel" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), ("channel"));

-- source showroom_visits (postgres)
-- showroom_visits: file data, shown as a table named 'showroom_visits' as if loaded into postgres
SET TIME ZONE 'Europe/Berlin';
SET extra_float_digits = 1;

-- 6 measures (by showroom)
WITH
  cx_raw AS (
    SELECT
      "showroom" AS "cx_c0_v",
      "recorded_at" AS "cx_c1_v",
      (regexp_match(CAST("recommend" AS text), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$'))[1] AS "cx_c2_t",
      translate(btrim(CAST("recommend" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'AEIKLMNORTXYİK', 'aeiklmnortxyik') AS "cx_c2_k",
      (regexp_match(CAST("satisfied" AS text), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$'))[1] AS "cx_c3_t",
      translate(btrim(CAST("satisfied" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      lower(btrim(CAST("found_it" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿'))) AS "cx_c4_t",
      translate(btrim(CAST("found_it" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ENOSY', 'enosy') AS "cx_c4_k"
    FROM "showroom_visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "showroom",
      CAST("cx_c1_v" AS timestamptz) AS "recorded_at",
      CASE "cx_c2_k" WHEN '0 - not at all likely' THEN CAST(0 AS double precision) WHEN '10 - extremely likely' THEN CAST(10 AS double precision) ELSE CAST("cx_c2_t" AS double precision) END AS "recommend",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS double precision) WHEN 'dissatisfied' THEN CAST(2 AS double precision) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS double precision) WHEN 'satisfied' THEN CAST(4 AS double precision) WHEN 'very satisfied' THEN CAST(5 AS double precision) ELSE CAST("cx_c3_t" AS double precision) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'yes' THEN TRUE WHEN 'no' THEN FALSE ELSE CASE WHEN "cx_c4_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c4_t" IN ('false', '0', 'no') THEN FALSE END END AS "found_it"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(("recorded_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("showroom") AS cx_c0,
  "showroom" AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c3,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AS cx_c6,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c7,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c8,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-04-01') AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c9,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("found_it" = TRUE))) AS cx_c10,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND (("found_it" IS NOT NULL))) AS cx_c11
FROM cx_rows
WHERE cx_day > DATE '2026-01-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), ("showroom"));

-- 2 measures (trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "showroom" AS "cx_c0_v",
      "recorded_at" AS "cx_c1_v",
      (regexp_match(CAST("recommend" AS text), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$'))[1] AS "cx_c2_t",
      translate(btrim(CAST("recommend" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'AEIKLMNORTXYİK', 'aeiklmnortxyik') AS "cx_c2_k",
      (regexp_match(CAST("satisfied" AS text), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$'))[1] AS "cx_c3_t",
      translate(btrim(CAST("satisfied" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      lower(btrim(CAST("found_it" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿'))) AS "cx_c4_t",
      translate(btrim(CAST("found_it" AS text), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ENOSY', 'enosy') AS "cx_c4_k"
    FROM "showroom_visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "showroom",
      CAST("cx_c1_v" AS timestamptz) AS "recorded_at",
      CASE "cx_c2_k" WHEN '0 - not at all likely' THEN CAST(0 AS double precision) WHEN '10 - extremely likely' THEN CAST(10 AS double precision) ELSE CAST("cx_c2_t" AS double precision) END AS "recommend",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS double precision) WHEN 'dissatisfied' THEN CAST(2 AS double precision) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS double precision) WHEN 'satisfied' THEN CAST(4 AS double precision) WHEN 'very satisfied' THEN CAST(5 AS double precision) ELSE CAST("cx_c3_t" AS double precision) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'yes' THEN TRUE WHEN 'no' THEN FALSE ELSE CASE WHEN "cx_c4_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c4_t" IN ('false', '0', 'no') THEN FALSE END END AS "found_it"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(("recorded_at") AT TIME ZONE 'Europe/Berlin' AS date) AS cx_day
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
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c5,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c6
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));
