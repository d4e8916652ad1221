-- cx sql --dialect databricks (as of 2026-03-31, zone Europe/Berlin)
-- source chats (databricks)
-- chats: file data, shown as a table named 'chats' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 9 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      `started_at` AS `cx_c0_v`,
      `rating` AS `cx_c1_v`,
      `ended_at` AS `cx_c2_v`,
      `agent` AS `cx_c3_v`
    FROM `chats`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `started_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `rating`,
      CAST(`cx_c2_v` AS TIMESTAMP) AS `ended_at`,
      CAST(`cx_c3_v` AS STRING) AS `agent`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-01' AND cx_day <= DATE '2026-03-31') AS cx_c0,
  COUNT(*) AS cx_c1,
  COUNT(*) FILTER (WHERE ((lpad(CAST(extract(YEAR FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 4, '0') || '-' || lpad(CAST(extract(MONTH FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 2, '0') || '-' || lpad(CAST(extract(DAY FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 2, '0')) = '2026-03-01')) AS cx_c2,
  COUNT(*) FILTER (WHERE (CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) = DATE '2026-03-31')) AS cx_c3,
  COUNT(((CAST(unix_millis(`ended_at`) AS DOUBLE) - CAST(unix_millis(`started_at`) AS DOUBLE)) / 60000)) AS cx_c4,
  SUM(((CAST(unix_millis(`ended_at`) AS DOUBLE) - CAST(unix_millis(`started_at`) AS DOUBLE)) / 60000)) AS cx_c5,
  VAR_POP(((CAST(unix_millis(`ended_at`) AS DOUBLE) - CAST(unix_millis(`started_at`) AS DOUBLE)) / 60000)) * COUNT(((CAST(unix_millis(`ended_at`) AS DOUBLE) - CAST(unix_millis(`started_at`) AS DOUBLE)) / 60000)) AS cx_c6,
  COUNT(*) FILTER (WHERE (CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) <> CAST(from_utc_timestamp(`ended_at`, 'Europe/Berlin') AS DATE))) AS cx_c7,
  COUNT(*) FILTER (WHERE (((lpad(CAST(extract(YEAR FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 4, '0') || '-Q' || CAST(extract(QUARTER FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING)) = '2026-Q1') AND (((CAST(unix_millis(`ended_at`) AS DOUBLE) - CAST(unix_millis(`started_at`) AS DOUBLE)) / 3600000) > 1))) AS cx_c8,
  COUNT(*) FILTER (WHERE ((lpad(CAST(extract(YEAR FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 4, '0') || '-' || lpad(CAST(extract(MONTH FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 2, '0')) = '2026-01')) AS cx_c9,
  COUNT(*) FILTER (WHERE (((lpad(CAST(extract(YEAR FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 4, '0') || '-' || lpad(CAST(extract(MONTH FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 2, '0')) = '2026-01')) AND (`rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5)) AS cx_c10,
  COUNT(*) FILTER (WHERE ((((lpad(CAST(extract(YEAR FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 4, '0') || '-' || lpad(CAST(extract(MONTH FROM CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE)) AS STRING), 2, '0')) = '2026-01')) AND (`rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5)) AND (`rating` >= 4)) AS cx_c11,
  COUNT(*) FILTER (WHERE `rating` IS NOT NULL AND (`rating` < 1 OR `rating` > 5 OR `rating` <> floor(`rating`))) AS cx_c12
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      `started_at` AS `cx_c0_v`,
      `rating` AS `cx_c1_v`,
      `ended_at` AS `cx_c2_v`,
      `agent` AS `cx_c3_v`
    FROM `chats`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `started_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `rating`,
      CAST(`cx_c2_v` AS TIMESTAMP) AS `ended_at`,
      CAST(`cx_c3_v` AS STRING) AS `agent`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) AS cx_day
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
  COUNT(*) FILTER (WHERE `rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE (`rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5) AND (`rating` >= 4)) AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 1 measure (trend week)
WITH
  cx_raw AS (
    SELECT
      `started_at` AS `cx_c0_v`,
      `rating` AS `cx_c1_v`,
      `ended_at` AS `cx_c2_v`,
      `agent` AS `cx_c3_v`
    FROM `chats`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `started_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `rating`,
      CAST(`cx_c2_v` AS TIMESTAMP) AS `ended_at`,
      CAST(`cx_c3_v` AS STRING) AS `agent`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAROFWEEK FROM cx_day) * 100 + extract(WEEK FROM cx_day)) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 2 measures (by agent)
WITH
  cx_raw AS (
    SELECT
      `started_at` AS `cx_c0_v`,
      `rating` AS `cx_c1_v`,
      `ended_at` AS `cx_c2_v`,
      `agent` AS `cx_c3_v`
    FROM `chats`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `started_at`,
      CAST(`cx_c1_v` AS DOUBLE) AS `rating`,
      CAST(`cx_c2_v` AS TIMESTAMP) AS `ended_at`,
      CAST(`cx_c3_v` AS STRING) AS `agent`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`started_at`, 'Europe/Berlin') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING(`agent`) AS cx_c0,
  `agent` AS cx_c1,
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AS cx_c2,
  COUNT(*) FILTER (WHERE (cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AND (`rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5)) AS cx_c3,
  COUNT(*) FILTER (WHERE ((cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AND (`rating` = floor(`rating`) AND `rating` >= 1 AND `rating` <= 5)) AND (`rating` >= 4)) AS cx_c4
FROM cx_rows
WHERE cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31'
GROUP BY GROUPING SETS ((), (`agent`));

-- source handover (databricks)
-- handover: file data, shown as a table named 'handover' as if loaded into databricks
SET TIME ZONE 'UTC';

-- 1 measure (trend month)
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`
    FROM `handover`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`at`, 'Europe/Berlin') AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (extract(YEAR FROM cx_day) * 12 + extract(MONTH FROM cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 3 measures (overall)
WITH
  cx_raw AS (
    SELECT
      `at` AS `cx_c0_v`
    FROM `handover`
  ),
  cx_src AS (
    SELECT
      CAST(`cx_c0_v` AS TIMESTAMP) AS `at`
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(from_utc_timestamp(`at`, 'Europe/Berlin') AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) FILTER (WHERE cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AS cx_c0,
  COUNT(*) AS cx_c1,
  COUNT(*) FILTER (WHERE (CAST(from_utc_timestamp(`at`, 'Europe/Berlin') AS DATE) = DATE '2026-03-01')) AS cx_c2
FROM cx_rows;
