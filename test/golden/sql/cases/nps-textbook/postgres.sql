-- cx sql --dialect postgres (as of 2026-06-30, zone UTC)
-- source responses (postgres)
-- responses: file data, shown as a table named 'responses' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 6 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "satisfied" AS "cx_c2_v",
      "effort" AS "cx_c3_v",
      "answered_at" AS "cx_c4_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "touchpoint",
      CAST("cx_c1_v" AS double precision) AS "recommend",
      CAST("cx_c2_v" AS double precision) AS "satisfied",
      CAST("cx_c3_v" AS double precision) AS "effort",
      CAST("cx_c4_v" AS date) AS "answered_at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "answered_at" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'checkout')) AS cx_c1,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c2,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c3,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'checkout')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c4,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c5,
  COUNT(*) FILTER (WHERE ((("touchpoint" = 'checkout')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c6,
  COUNT(*) FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c7,
  SUM("effort") FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c8,
  SUM("effort" * "effort") FILTER (WHERE (("touchpoint" = 'checkout')) AND ("effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7)) AS cx_c9,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-05-31' AND cx_day <= DATE '2026-06-30') AS cx_c10,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c11,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c12,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c13
FROM cx_rows;

-- 2 measures (by touchpoint, trend month)
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "satisfied" AS "cx_c2_v",
      "effort" AS "cx_c3_v",
      "answered_at" AS "cx_c4_v"
    FROM "responses"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "touchpoint",
      CAST("cx_c1_v" AS double precision) AS "recommend",
      CAST("cx_c2_v" AS double precision) AS "satisfied",
      CAST("cx_c3_v" AS double precision) AS "effort",
      CAST("cx_c4_v" AS date) AS "answered_at"
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
  GROUPING("touchpoint") AS cx_c0,
  GROUPING(cx_period) AS cx_c1,
  "touchpoint" AS cx_c2,
  cx_period AS cx_c3,
  COUNT(*) AS cx_c4,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c5,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c6,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c7
FROM cx_keyed
GROUP BY GROUPING SETS ((), ("touchpoint"), (cx_period));
