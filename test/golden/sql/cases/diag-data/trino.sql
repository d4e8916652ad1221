-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source surveys (trino)
-- surveys: file data, shown as a table named 'surveys' as if loaded into trino

-- 2 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "recommend" AS "cx_c0_v"
    FROM "surveys"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double) AS "recommend"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c1,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c2,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c3,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c4
FROM cx_rows;
