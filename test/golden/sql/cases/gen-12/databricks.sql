-- cx sql --dialect databricks (as of 2026-06-30, zone UTC)
-- source surveys (databricks)
-- surveys: file data, shown as a table named 'surveys' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 12 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c3_v` AS DOUBLE) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS DOUBLE) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c0,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`amount` > 92))) AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE (`effort` >= 3)) AS cx_c3,
  COUNT(*) FILTER (WHERE (`answered_at` >= DATE '2026-06-01')) AS cx_c4,
  COUNT(*) FILTER (WHERE ((`answered_at` >= DATE '2026-06-01')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((`answered_at` >= DATE '2026-06-01')) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c6,
  COUNT(*) FILTER (WHERE (`answered_at` < DATE '2026-04-01')) AS cx_c7,
  COUNT(`channel`) FILTER (WHERE (`answered_at` < DATE '2026-04-01')) AS cx_c8,
  COUNT(*) FILTER (WHERE (`channel` <> 'store')) AS cx_c9,
  COUNT(*) FILTER (WHERE ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c10,
  SUM(`effort`) FILTER (WHERE ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c11,
  SUM(`effort` * `effort`) FILTER (WHERE ((`channel` <> 'store')) AND (`effort` = floor(`effort`) AND `effort` >= 1 AND `effort` <= 7)) AS cx_c12,
  COUNT(*) FILTER (WHERE (`recommend` <= 8)) AS cx_c13,
  COUNT(`amount`) FILTER (WHERE (`recommend` <= 8)) AS cx_c14,
  percentile_cont(CAST(0.5 AS DOUBLE)) WITHIN GROUP (ORDER BY `amount`) FILTER (WHERE (`recommend` <= 8)) AS cx_c15,
  COUNT(*) FILTER (WHERE `satisfied` IS NOT NULL AND (`satisfied` < 1 OR `satisfied` > 5 OR `satisfied` <> floor(`satisfied`))) AS cx_c16,
  COUNT(*) FILTER (WHERE `effort` IS NOT NULL AND (`effort` < 1 OR `effort` > 7 OR `effort` <> floor(`effort`))) AS cx_c17
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c3_v` AS DOUBLE) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS DOUBLE) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE (`effort` >= 3)) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 6 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `answered_at` AS `cx_c0_v`,
      `amount` AS `cx_c1_v`,
      `effort` AS `cx_c2_v`,
      `satisfied` AS `cx_c3_v`,
      `channel` AS `cx_c4_v`,
      `recommend` AS `cx_c5_v`
    FROM `surveys`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DATE) AS `answered_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c2_v` AS DOUBLE) AS `effort`,
      CAST(`cx_c3_v` AS DOUBLE) AS `satisfied`,
      CAST(`cx_c4_v` AS STRING) AS `channel`,
      CAST(`cx_c5_v` AS DOUBLE) AS `recommend`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `answered_at` AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAR FROM cx_day) * 12 + extract(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`effort` >= 3))) AS cx_c3,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01'))) AS cx_c4,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AS cx_c5,
  COUNT(*) FILTER (WHERE (((cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` >= DATE '2026-06-01'))) AND (`satisfied` = floor(`satisfied`) AND `satisfied` >= 1 AND `satisfied` <= 5)) AND (`satisfied` >= 4)) AS cx_c6,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` < DATE '2026-04-01'))) AS cx_c7,
  COUNT(`channel`) FILTER (WHERE (cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30') AND ((`answered_at` < DATE '2026-04-01'))) AS cx_c8
FROM cx_keyed
WHERE cx_day > DATE '2026-04-01' AND cx_day <= DATE '2026-06-30'
GROUP BY GROUPING SETS ((), (cx_period));

-- source orders (databricks)
-- orders: file data, shown as a table named 'orders' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `amount` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `placed_at` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c1_v` AS STRING) AS `customer`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS DATE) AS `placed_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(`amount`) AS cx_c1,
  MAX(`amount`) AS cx_c2,
  COUNT(`amount`) AS cx_c3,
  SUM(`amount`) AS cx_c4,
  VAR_POP(`amount`) * COUNT(`amount`) AS cx_c5,
  COUNT(`customer`) AS cx_c6,
  COUNT(DISTINCT `customer`) AS cx_c7
FROM cx_rows;

-- 2 measures (by channel)
WITH
  cx_raw AS (
    SELECT
      `amount` AS `cx_c0_v`,
      `customer` AS `cx_c1_v`,
      `channel` AS `cx_c2_v`,
      `placed_at` AS `cx_c3_v`
    FROM `orders`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS DOUBLE) AS `amount`,
      CAST(`cx_c1_v` AS STRING) AS `customer`,
      CAST(`cx_c2_v` AS STRING) AS `channel`,
      CAST(`cx_c3_v` AS DATE) AS `placed_at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `placed_at` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(`customer`) AS cx_c3,
  COUNT(DISTINCT `customer`) AS cx_c4
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));
