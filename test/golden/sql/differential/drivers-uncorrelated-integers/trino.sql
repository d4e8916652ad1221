-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source survey (trino)
-- survey: file data, shown as a table named 'survey' as if loaded into trino

-- drivers what_matters: complete cases, means, ranges and correlations of 3 columns
WITH
  cx_raw AS (
    SELECT
      "effort" AS "cx_c0_v",
      "satisfied" AS "cx_c1_v",
      "recommend" AS "cx_c2_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS double) AS "effort",
      CAST("cx_c1_v" AS double) AS "satisfied",
      CAST("cx_c2_v" AS double) AS "recommend"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  ),
  cx_cases AS (
    SELECT
      "recommend" AS cx_x0,
      "satisfied" AS cx_x1,
      "effort" AS cx_x2
    FROM cx_rows
  )
SELECT
  COUNT(*) AS cx_c0,
  AVG(cx_x0) AS cx_c1,
  AVG(cx_x1) AS cx_c2,
  AVG(cx_x2) AS cx_c3,
  MIN(cx_x0) AS cx_c4,
  MIN(cx_x1) AS cx_c5,
  MIN(cx_x2) AS cx_c6,
  MAX(cx_x0) AS cx_c7,
  MAX(cx_x1) AS cx_c8,
  MAX(cx_x2) AS cx_c9,
  CORR(cx_x0, cx_x1) AS cx_c10,
  CORR(cx_x0, cx_x2) AS cx_c11,
  CORR(cx_x1, cx_x2) AS cx_c12,
  MIN(CASE WHEN cx_x0 = floor(cx_x0) THEN 1 ELSE 0 END) AS cx_c13,
  MIN(CASE WHEN cx_x1 = floor(cx_x1) THEN 1 ELSE 0 END) AS cx_c14,
  MIN(CASE WHEN cx_x2 = floor(cx_x2) THEN 1 ELSE 0 END) AS cx_c15,
  MAX(ABS(cx_x0)) AS cx_c16,
  MAX(ABS(cx_x1)) AS cx_c17,
  MAX(ABS(cx_x2)) AS cx_c18,
  SUM(cx_x0) AS cx_c19,
  SUM(cx_x1) AS cx_c20,
  SUM(cx_x2) AS cx_c21,
  SUM(cx_x0 * cx_x0) AS cx_c22,
  SUM(cx_x0 * cx_x1) AS cx_c23,
  SUM(cx_x0 * cx_x2) AS cx_c24,
  SUM(cx_x1 * cx_x1) AS cx_c25,
  SUM(cx_x1 * cx_x2) AS cx_c26,
  SUM(cx_x2 * cx_x2) AS cx_c27
FROM cx_cases
WHERE cx_x0 IS NOT NULL AND cx_x1 IS NOT NULL AND cx_x2 IS NOT NULL;
