-- cx sql --dialect snowflake (as of 2026-03-31, zone Europe/Berlin)
-- source chats (snowflake)
-- chats: file data, shown as a table named 'chats' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'Europe/Berlin';

-- 9 measures (overall), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "started_at" AS "cx_c0_v",
      "rating" AS "cx_c1_v",
      "ended_at" AS "cx_c2_v",
      "agent" AS "cx_c3_v"
    FROM "chats"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "started_at",
      CAST("cx_c1_v" AS FLOAT) AS "rating",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "ended_at",
      CAST("cx_c3_v" AS VARCHAR) AS "agent"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-03-01' AND cx_day <= DATE '2026-03-31' THEN 1 END) AS cx_c0,
  COUNT(*) AS cx_c1,
  COUNT(CASE WHEN ((lpad(CAST(YEAR(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 4, '0') || '-' || lpad(CAST(MONTH(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 2, '0') || '-' || lpad(CAST(DAY(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 2, '0')) = '2026-03-01') THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) = DATE '2026-03-31') THEN 1 END) AS cx_c3,
  COUNT(((CAST(DATE_PART(EPOCH_MILLISECOND, "ended_at") AS FLOAT) - CAST(DATE_PART(EPOCH_MILLISECOND, "started_at") AS FLOAT)) / 60000)) AS cx_c4,
  SUM(((CAST(DATE_PART(EPOCH_MILLISECOND, "ended_at") AS FLOAT) - CAST(DATE_PART(EPOCH_MILLISECOND, "started_at") AS FLOAT)) / 60000)) AS cx_c5,
  VAR_POP(((CAST(DATE_PART(EPOCH_MILLISECOND, "ended_at") AS FLOAT) - CAST(DATE_PART(EPOCH_MILLISECOND, "started_at") AS FLOAT)) / 60000)) * COUNT(((CAST(DATE_PART(EPOCH_MILLISECOND, "ended_at") AS FLOAT) - CAST(DATE_PART(EPOCH_MILLISECOND, "started_at") AS FLOAT)) / 60000)) AS cx_c6,
  COUNT(CASE WHEN (CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) <> CAST(CONVERT_TIMEZONE('Europe/Berlin', "ended_at") AS DATE)) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN (((lpad(CAST(YEAR(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 4, '0') || '-Q' || CAST(QUARTER(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR)) = '2026-Q1') AND (((CAST(DATE_PART(EPOCH_MILLISECOND, "ended_at") AS FLOAT) - CAST(DATE_PART(EPOCH_MILLISECOND, "started_at") AS FLOAT)) / 3600000) > 1)) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN ((lpad(CAST(YEAR(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 4, '0') || '-' || lpad(CAST(MONTH(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 2, '0')) = '2026-01') THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN (((lpad(CAST(YEAR(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 4, '0') || '-' || lpad(CAST(MONTH(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 2, '0')) = '2026-01')) AND ("rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5) THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN ((((lpad(CAST(YEAR(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 4, '0') || '-' || lpad(CAST(MONTH(CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE)) AS VARCHAR), 2, '0')) = '2026-01')) AND ("rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5)) AND ("rating" >= 4) THEN 1 END) AS cx_c11,
  COUNT(CASE WHEN "rating" IS NOT NULL AND ("rating" < 1 OR "rating" > 5 OR "rating" <> floor("rating")) THEN 1 END) AS cx_c12
FROM cx_rows;

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "started_at" AS "cx_c0_v",
      "rating" AS "cx_c1_v",
      "ended_at" AS "cx_c2_v",
      "agent" AS "cx_c3_v"
    FROM "chats"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "started_at",
      CAST("cx_c1_v" AS FLOAT) AS "rating",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "ended_at",
      CAST("cx_c3_v" AS VARCHAR) AS "agent"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (YEAR(cx_day) * 12 + MONTH(cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN "rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5) AND ("rating" >= 4) THEN 1 END) AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 1 measure (trend week)
WITH
  cx_raw AS (
    SELECT
      "started_at" AS "cx_c0_v",
      "rating" AS "cx_c1_v",
      "ended_at" AS "cx_c2_v",
      "agent" AS "cx_c3_v"
    FROM "chats"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "started_at",
      CAST("cx_c1_v" AS FLOAT) AS "rating",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "ended_at",
      CAST("cx_c3_v" AS VARCHAR) AS "agent"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (YEAROFWEEKISO(cx_day) * 100 + WEEKISO(cx_day)) AS cx_period
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
      "started_at" AS "cx_c0_v",
      "rating" AS "cx_c1_v",
      "ended_at" AS "cx_c2_v",
      "agent" AS "cx_c3_v"
    FROM "chats"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "started_at",
      CAST("cx_c1_v" AS FLOAT) AS "rating",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "ended_at",
      CAST("cx_c3_v" AS VARCHAR) AS "agent"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "started_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("agent") AS cx_c0,
  "agent" AS cx_c1,
  COUNT(CASE WHEN cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31' THEN 1 END) AS cx_c2,
  COUNT(CASE WHEN (cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AND ("rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5) THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ((cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31') AND ("rating" = floor("rating") AND "rating" >= 1 AND "rating" <= 5)) AND ("rating" >= 4) THEN 1 END) AS cx_c4
FROM cx_rows
WHERE cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31'
GROUP BY GROUPING SETS ((), ("agent"));

-- source handover (snowflake)
-- handover: file data, shown as a table named 'handover' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'Europe/Berlin';

-- 1 measure (trend month)
WITH
  cx_raw AS (
    SELECT
      "at" AS "cx_c0_v"
    FROM "handover"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "at") AS DATE) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (YEAR(cx_day) * 12 + MONTH(cx_day) - 1) AS cx_period
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
      "at" AS "cx_c0_v"
    FROM "handover"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS TIMESTAMP_TZ) AS "at"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('Europe/Berlin', "at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(CASE WHEN cx_day > DATE '2026-03-24' AND cx_day <= DATE '2026-03-31' THEN 1 END) AS cx_c0,
  COUNT(*) AS cx_c1,
  COUNT(CASE WHEN (CAST(CONVERT_TIMEZONE('Europe/Berlin', "at") AS DATE) = DATE '2026-03-01') THEN 1 END) AS cx_c2
FROM cx_rows;
