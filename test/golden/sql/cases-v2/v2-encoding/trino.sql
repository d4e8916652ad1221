-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source visits (trino)
-- visits: file data, shown as a table named 'visits' as if loaded into trino

-- 2 measures (by city), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v",
      "comment" AS "cx_c2_v",
      "store" AS "cx_c3_v",
      "visited_on" AS "cx_c4_v"
    FROM "visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city",
      CAST("cx_c1_v" AS double) AS "satisfied",
      CAST("cx_c2_v" AS varchar) AS "comment",
      CAST("cx_c3_v" AS varchar) AS "store",
      CAST("cx_c4_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("city") AS cx_c0,
  "city" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c5
FROM cx_rows
GROUP BY GROUPING SETS ((), ("city"));

-- 6 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v",
      "comment" AS "cx_c2_v",
      "store" AS "cx_c3_v",
      "visited_on" AS "cx_c4_v"
    FROM "visits"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city",
      CAST("cx_c1_v" AS double) AS "satisfied",
      CAST("cx_c2_v" AS varchar) AS "comment",
      CAST("cx_c3_v" AS varchar) AS "store",
      CAST("cx_c4_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("city" = 'Zürich')) AS cx_c1,
  COUNT(*) FILTER (WHERE (strpos("comment", '€') > 0)) AS cx_c2,
  COUNT("store") AS cx_c3,
  COUNT(DISTINCT "store") AS cx_c4,
  COUNT(*) FILTER (WHERE ("store" = 'Café Crème – Gare')) AS cx_c5,
  COUNT(*) FILTER (WHERE (("store" = 'Café Crème – Gare')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c6,
  COUNT(*) FILTER (WHERE ((("store" = 'Café Crème – Gare')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c7
FROM cx_rows;

-- source legacy (trino)
-- legacy: file data, shown as a table named 'legacy' as if loaded into trino

-- 3 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v",
      "visited_on" AS "cx_c2_v"
    FROM "legacy"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city",
      CAST("cx_c1_v" AS double) AS "satisfied",
      CAST("cx_c2_v" AS date) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("city" = 'Zürich')) AS cx_c1,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c2,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c3,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c4
FROM cx_rows;

-- source kiosk (trino)
-- kiosk: file data, shown as a table named 'kiosk' as if loaded into trino

-- 2 measures (by city), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v"
    FROM "kiosk"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city",
      CAST("cx_c1_v" AS double) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("city") AS cx_c0,
  "city" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c5
FROM cx_rows
GROUP BY GROUPING SETS ((), ("city"));

-- source kiosk16 (trino)
-- kiosk16: file data, shown as a table named 'kiosk16' as if loaded into trino

-- 3 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "city" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v"
    FROM "kiosk16"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "city",
      CAST("cx_c1_v" AS double) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("city" = 'Malmö')) AS cx_c1,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c2,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c3,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c4
FROM cx_rows;
