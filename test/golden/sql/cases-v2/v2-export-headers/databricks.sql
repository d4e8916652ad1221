-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source survey (databricks)
-- survey: file data, shown as a table named 'survey' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 2 measures (trend month), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `satisfied` AS `cx_c1_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `answered_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`answered_at`, 'UTC') AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAR FROM cx_day) * 12 + extract(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE `satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AND (`satisfied` >= 4)) AS cx_c4,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c5
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `satisfied` AS `cx_c1_v`
    FROM `survey`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `answered_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`answered_at`, 'UTC') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE (`satisfied` IS NULL)) AS cx_c1
FROM cx_rows;

-- source pulse (databricks)
-- pulse: file data, shown as a table named 'pulse' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 2 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `satisfied` AS `cx_c0_v`
    FROM `pulse`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `satisfied`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE `satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AS cx_c1,
  COUNT(*) FILTER (WHERE (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5) AND (`satisfied` >= 4)) AS cx_c2,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c3
FROM cx_rows;
