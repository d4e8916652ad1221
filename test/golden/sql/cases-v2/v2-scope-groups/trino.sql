-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source visits (trino)
-- visits: file data, shown as a table named 'visits' as if loaded into trino

-- 5 measures (by store), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "region" AS "cx_c2_v",
      "satisfied" AS "cx_c3_v",
      "channel" AS "cx_c4_v",
      "wait_minutes" AS "cx_c5_v",
      "visited_on" AS "cx_c6_v"
    FROM "visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS varchar) AS "region",
      CAST("cx_c3_v" AS double) AS "satisfied",
      CAST("cx_c4_v" AS varchar) AS "channel",
      CAST("cx_c5_v" AS double) AS "wait_minutes",
      CAST("cx_c6_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("store") AS cx_c0,
  "store" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE ("channel" = 'kiosk')) AS cx_c6,
  COUNT(*) FILTER (WHERE (("channel" = 'kiosk')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c7,
  COUNT(*) FILTER (WHERE ((("channel" = 'kiosk')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c8,
  COUNT(*) FILTER (WHERE ((("channel" = 'kiosk')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c9,
  COUNT("wait_minutes") AS cx_c10,
  SUM("wait_minutes") AS cx_c11,
  VAR_POP("wait_minutes") * COUNT("wait_minutes") AS cx_c12,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c13,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c14
FROM cx_rows
GROUP BY GROUPING SETS ((), ("store"));

-- 2 measures (by region)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "region" AS "cx_c2_v",
      "satisfied" AS "cx_c3_v",
      "channel" AS "cx_c4_v",
      "wait_minutes" AS "cx_c5_v",
      "visited_on" AS "cx_c6_v"
    FROM "visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS varchar) AS "region",
      CAST("cx_c3_v" AS double) AS "satisfied",
      CAST("cx_c4_v" AS varchar) AS "channel",
      CAST("cx_c5_v" AS double) AS "wait_minutes",
      CAST("cx_c6_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), ("region"));

-- 2 measures (by region, store)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "region" AS "cx_c2_v",
      "satisfied" AS "cx_c3_v",
      "channel" AS "cx_c4_v",
      "wait_minutes" AS "cx_c5_v",
      "visited_on" AS "cx_c6_v"
    FROM "visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS varchar) AS "region",
      CAST("cx_c3_v" AS double) AS "satisfied",
      CAST("cx_c4_v" AS varchar) AS "channel",
      CAST("cx_c5_v" AS double) AS "wait_minutes",
      CAST("cx_c6_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("region") AS cx_c0,
  "region" AS cx_c1,
  "store" AS cx_c2,
  COUNT(*) AS cx_c3,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c5,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("region", "store"));

-- source kiosks (trino)
-- kiosks: file data, shown as a table named 'kiosks' as if loaded into trino

-- 2 measures (by kiosk), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "kiosk" AS "cx_c0_v",
      "recommend" AS "cx_c1_v"
    FROM "kiosks"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "kiosk",
      CAST("cx_c1_v" AS double) AS "recommend"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("kiosk") AS cx_c0,
  "kiosk" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), ("kiosk"));
