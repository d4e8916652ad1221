-- cx sql --dialect bigquery (as of 2026-06-30, zone UTC)
-- source tickets_raw (bigquery)
-- tickets_raw: file data, shown as a table named 'tickets_raw' as if loaded into bigquery

-- 1 measure (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `csat` AS `cx_c1_v`,
      `reopened` AS `cx_c2_v`,
      `handle_minutes` AS `cx_c3_v`,
      `priority` AS `cx_c4_v`,
      `opened` AS `cx_c5_v`
    FROM `tickets_raw`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `csat`,
      CAST(`cx_c2_v` AS BOOL) AS `reopened`,
      CAST(`cx_c3_v` AS FLOAT64) AS `handle_minutes`,
      CAST(`cx_c4_v` AS STRING) AS `priority`,
      CAST(`cx_c5_v` AS DATE) AS `opened`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `opened` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `csat` IS NOT NULL AND (`csat` < 1 OR `csat` > 5 OR `csat` <> floor(`csat`)) THEN 1 END) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 5 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `csat` AS `cx_c1_v`,
      `reopened` AS `cx_c2_v`,
      `handle_minutes` AS `cx_c3_v`,
      `priority` AS `cx_c4_v`,
      `opened` AS `cx_c5_v`
    FROM `tickets_raw`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `csat`,
      CAST(`cx_c2_v` AS BOOL) AS `reopened`,
      CAST(`cx_c3_v` AS FLOAT64) AS `handle_minutes`,
      CAST(`cx_c4_v` AS STRING) AS `priority`,
      CAST(`cx_c5_v` AS DATE) AS `opened`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `opened` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN `csat` = floor(`csat`) AND `csat` >= 1 AND `csat` <= 5 THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`csat` = floor(`csat`) AND `csat` >= 1 AND `csat` <= 5) AND (`csat` >= 4) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (`reopened` = TRUE) THEN 1 END) AS cx_c3,
  COUNT(`handle_minutes`) AS cx_c4,
  SUM(`handle_minutes`) AS cx_c5,
  VAR_POP(`handle_minutes`) * COUNT(`handle_minutes`) AS cx_c6,
  COUNT(CASE WHEN (`priority` IS NULL) THEN 1 END) AS cx_c7
FROM cx_rows;

-- source tickets (bigquery)
-- tickets: file data, shown as a table named 'tickets' as if loaded into bigquery

-- 2 measures (by tier), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `tier` AS `cx_c0_v`,
      `csat` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`,
      `opened` AS `cx_c3_v`,
      `country` AS `cx_c4_v`,
      `reopened` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `tier`,
      CAST(`cx_c1_v` AS FLOAT64) AS `csat`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`,
      CAST(`cx_c3_v` AS DATE) AS `opened`,
      CAST(`cx_c4_v` AS STRING) AS `country`,
      CAST(`cx_c5_v` AS BOOL) AS `reopened`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `opened` AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`tier`) AS cx_c0,
  `tier` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `csat` = floor(`csat`) AND `csat` >= 1 AND `csat` <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`csat` = floor(`csat`) AND `csat` >= 1 AND `csat` <= 5) AND (`csat` >= 4) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN `csat` IS NOT NULL AND (`csat` < 1 OR `csat` > 5 OR `csat` <> floor(`csat`)) THEN 1 END) AS cx_c5
FROM cx_rows
GROUP BY GROUPING SETS ((), (`tier`));

-- 3 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `tier` AS `cx_c0_v`,
      `csat` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`,
      `opened` AS `cx_c3_v`,
      `country` AS `cx_c4_v`,
      `reopened` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `tier`,
      CAST(`cx_c1_v` AS FLOAT64) AS `csat`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`,
      CAST(`cx_c3_v` AS DATE) AS `opened`,
      CAST(`cx_c4_v` AS STRING) AS `country`,
      CAST(`cx_c5_v` AS BOOL) AS `reopened`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `opened` AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(`customer_id`) AS cx_c1,
  COUNT(DISTINCT `customer_id`) AS cx_c2,
  COUNT(CASE WHEN ((`tier` = 'gold') AND (`reopened` = TRUE)) THEN 1 END) AS cx_c3
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `tier` AS `cx_c0_v`,
      `csat` AS `cx_c1_v`,
      `customer_id` AS `cx_c2_v`,
      `opened` AS `cx_c3_v`,
      `country` AS `cx_c4_v`,
      `reopened` AS `cx_c5_v`
    FROM `tickets`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `tier`,
      CAST(`cx_c1_v` AS FLOAT64) AS `csat`,
      CAST(`cx_c2_v` AS STRING) AS `customer_id`,
      CAST(`cx_c3_v` AS DATE) AS `opened`,
      CAST(`cx_c4_v` AS STRING) AS `country`,
      CAST(`cx_c5_v` AS BOOL) AS `reopened`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, `opened` AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (EXTRACT(YEAR FROM cx_day) * 12 + EXTRACT(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN (`country` = 'DE') THEN 1 END) AS cx_c3
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- source accounts (bigquery)
-- accounts: file data, shown as a table named 'accounts' as if loaded into bigquery

-- 2 measures (by region), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `region` AS `cx_c0_v`,
      `nps` AS `cx_c1_v`,
      `plan` AS `cx_c2_v`,
      `seats` AS `cx_c3_v`,
      `renewed` AS `cx_c4_v`
    FROM `accounts`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `region`,
      CAST(`cx_c1_v` AS FLOAT64) AS `nps`,
      CAST(`cx_c2_v` AS STRING) AS `plan`,
      CAST(`cx_c3_v` AS FLOAT64) AS `seats`,
      CAST(`cx_c4_v` AS BOOL) AS `renewed`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING(`region`) AS cx_c0,
  `region` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN (`nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10) AND (`nps` >= 9) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN (`nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10) AND (`nps` <= 6) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN `nps` IS NOT NULL AND (`nps` < 0 OR `nps` > 10 OR `nps` <> floor(`nps`)) THEN 1 END) AS cx_c6
FROM cx_rows
GROUP BY GROUPING SETS ((), (`region`));

-- 4 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `region` AS `cx_c0_v`,
      `nps` AS `cx_c1_v`,
      `plan` AS `cx_c2_v`,
      `seats` AS `cx_c3_v`,
      `renewed` AS `cx_c4_v`
    FROM `accounts`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `region`,
      CAST(`cx_c1_v` AS FLOAT64) AS `nps`,
      CAST(`cx_c2_v` AS STRING) AS `plan`,
      CAST(`cx_c3_v` AS FLOAT64) AS `seats`,
      CAST(`cx_c4_v` AS BOOL) AS `renewed`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN (`plan` = 'Enterprise') THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`plan` = 'Enterprise') THEN `seats` END) AS cx_c2,
  SUM(CASE WHEN (`plan` = 'Enterprise') THEN `seats` END) AS cx_c3,
  VAR_POP(CASE WHEN (`plan` = 'Enterprise') THEN `seats` END) * COUNT(CASE WHEN (`plan` = 'Enterprise') THEN `seats` END) AS cx_c4,
  COUNT(CASE WHEN (`renewed` = TRUE) THEN 1 END) AS cx_c5
FROM cx_rows;

-- source accounts_raw (bigquery)
-- accounts_raw: file data, shown as a table named 'accounts_raw' as if loaded into bigquery

-- 3 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `nps` AS `cx_c0_v`,
      `renewed` AS `cx_c1_v`
    FROM `accounts_raw`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS FLOAT64) AS `nps`,
      CAST(`cx_c1_v` AS BOOL) AS `renewed`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN `nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10 THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10) AND (`nps` >= 9) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (`nps` = floor(`nps`) AND `nps` >= 0 AND `nps` <= 10) AND (`nps` <= 6) THEN 1 END) AS cx_c3,
  COUNT(`renewed`) AS cx_c4,
  COUNT(CASE WHEN `nps` IS NOT NULL AND (`nps` < 0 OR `nps` > 10 OR `nps` <> floor(`nps`)) THEN 1 END) AS cx_c5
FROM cx_rows;

-- source mini_raw (bigquery)
-- mini_raw: file data, shown as a table named 'mini_raw' as if loaded into bigquery

-- 1 measure (by channel), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `score` AS `cx_c1_v`
    FROM `mini_raw`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `score`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING(`channel`) AS cx_c0,
  `channel` AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN `score` IS NOT NULL AND (`score` < 0 OR `score` > 10 OR `score` <> floor(`score`)) THEN 1 END) AS cx_c3
FROM cx_rows
GROUP BY GROUPING SETS ((), (`channel`));

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `channel` AS `cx_c0_v`,
      `score` AS `cx_c1_v`
    FROM `mini_raw`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `channel`,
      CAST(`cx_c1_v` AS FLOAT64) AS `score`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN `score` = floor(`score`) AND `score` >= 0 AND `score` <= 10 THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN (`score` = floor(`score`) AND `score` >= 0 AND `score` <= 10) AND (`score` >= 9) THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (`score` = floor(`score`) AND `score` >= 0 AND `score` <= 10) AND (`score` <= 6) THEN 1 END) AS cx_c3
FROM cx_rows;

-- source mini (bigquery)
-- mini: file data, shown as a table named 'mini' as if loaded into bigquery

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `city` AS `cx_c0_v`
    FROM `mini`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS STRING) AS `city`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN (`city` = 'Kiel') THEN 1 END) AS cx_c1
FROM cx_rows;
