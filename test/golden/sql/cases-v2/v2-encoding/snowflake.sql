-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source visits (snowflake)
-- visits: file data, shown as a table named 'visits' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

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
      CAST("cx_c0_v" AS VARCHAR) AS "city",
      CAST("cx_c1_v" AS FLOAT) AS "satisfied",
      CAST("cx_c2_v" AS VARCHAR) AS "comment",
      CAST("cx_c3_v" AS VARCHAR) AS "store",
      CAST("cx_c4_v" AS DATE) AS "visited_on"
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
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c5
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
      CAST("cx_c0_v" AS VARCHAR) AS "city",
      CAST("cx_c1_v" AS FLOAT) AS "satisfied",
      CAST("cx_c2_v" AS VARCHAR) AS "comment",
      CAST("cx_c3_v" AS VARCHAR) AS "store",
      CAST("cx_c4_v" AS DATE) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("city" = 'Zürich') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN CONTAINS("comment", '€') THEN 1 END) AS cx_c2,
  COUNT("store") AS cx_c3,
  COUNT(DISTINCT "store") AS cx_c4,
  COUNT(CASE WHEN ("store" = 'Café Crème – Gare') THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN (("store" = 'Café Crème – Gare')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN ((("store" = 'Café Crème – Gare')) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c7
FROM cx_rows;

-- source legacy (snowflake)
-- legacy: file data, shown as a table named 'legacy' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

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
      CAST("cx_c0_v" AS VARCHAR) AS "city",
      CAST("cx_c1_v" AS FLOAT) AS "satisfied",
      CAST("cx_c2_v" AS DATE) AS "visited_on"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "visited_on" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("city" = 'Zürich') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c4
FROM cx_rows;

-- source kiosk (snowflake)
-- kiosk: file data, shown as a table named 'kiosk' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

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
      CAST("cx_c0_v" AS VARCHAR) AS "city",
      CAST("cx_c1_v" AS FLOAT) AS "satisfied"
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
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c5
FROM cx_rows
GROUP BY GROUPING SETS ((), ("city"));

-- source kiosk16 (snowflake)
-- kiosk16: file data, shown as a table named 'kiosk16' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

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
      CAST("cx_c0_v" AS VARCHAR) AS "city",
      CAST("cx_c1_v" AS FLOAT) AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN ("city" = 'Malmö') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c4
FROM cx_rows;
