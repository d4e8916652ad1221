-- cx sql --dialect postgres (as of 2026-03-31, zone UTC)
-- source ratings (postgres)
-- ratings: file data, shown as a table named 'ratings' as if loaded into postgres
SET TIME ZONE 'UTC';
SET extra_float_digits = 1;

-- 11 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "touchpoint" AS "cx_c0_v",
      "score" AS "cx_c1_v",
      "day" AS "cx_c2_v"
    FROM "ratings"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS text) AS "touchpoint",
      CAST("cx_c1_v" AS double precision) AS "score",
      CAST("cx_c2_v" AS date) AS "day"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, "day" AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'innovation')) AS cx_c1,
  COUNT("score") FILTER (WHERE ("touchpoint" = 'innovation')) AS cx_c2,
  SUM("score") FILTER (WHERE ("touchpoint" = 'innovation')) AS cx_c3,
  VAR_POP("score") FILTER (WHERE ("touchpoint" = 'innovation')) * COUNT("score") FILTER (WHERE ("touchpoint" = 'innovation')) AS cx_c4,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'store')) AS cx_c5,
  COUNT("score") FILTER (WHERE ("touchpoint" = 'store')) AS cx_c6,
  SUM("score") FILTER (WHERE ("touchpoint" = 'store')) AS cx_c7,
  VAR_POP("score") FILTER (WHERE ("touchpoint" = 'store')) * COUNT("score") FILTER (WHERE ("touchpoint" = 'store')) AS cx_c8,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'marketing')) AS cx_c9,
  COUNT("score") FILTER (WHERE ("touchpoint" = 'marketing')) AS cx_c10,
  SUM("score") FILTER (WHERE ("touchpoint" = 'marketing')) AS cx_c11,
  VAR_POP("score") FILTER (WHERE ("touchpoint" = 'marketing')) * COUNT("score") FILTER (WHERE ("touchpoint" = 'marketing')) AS cx_c12,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'purchase')) AS cx_c13,
  COUNT("score") FILTER (WHERE ("touchpoint" = 'purchase')) AS cx_c14,
  SUM("score") FILTER (WHERE ("touchpoint" = 'purchase')) AS cx_c15,
  VAR_POP("score") FILTER (WHERE ("touchpoint" = 'purchase')) * COUNT("score") FILTER (WHERE ("touchpoint" = 'purchase')) AS cx_c16,
  COUNT(*) FILTER (WHERE ("touchpoint" = 'stock')) AS cx_c17,
  COUNT("score") FILTER (WHERE ("touchpoint" = 'stock')) AS cx_c18,
  SUM("score") FILTER (WHERE ("touchpoint" = 'stock')) AS cx_c19,
  VAR_POP("score") FILTER (WHERE ("touchpoint" = 'stock')) * COUNT("score") FILTER (WHERE ("touchpoint" = 'stock')) AS cx_c20
FROM cx_rows;
