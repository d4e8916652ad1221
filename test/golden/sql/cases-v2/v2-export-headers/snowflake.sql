-- cx sql --dialect snowflake (as of 2026-06-30, zone UTC)
-- source survey (snowflake)
-- survey: file data, shown as a table named 'survey' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 2 measures (by store), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      REGEXP_SUBSTR(CAST("satisfied" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c3_t",
      translate(TRIM(CAST("satisfied" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      REGEXP_SUBSTR(CAST("effort" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c4_t",
      translate(TRIM(CAST("effort" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿'))) AS "cx_c5_t",
      translate(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "store",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS FLOAT) WHEN 'dissatisfied' THEN CAST(2 AS FLOAT) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS FLOAT) WHEN 'satisfied' THEN CAST(4 AS FLOAT) WHEN 'very satisfied' THEN CAST(5 AS FLOAT) ELSE TRY_CAST("cx_c3_t" AS FLOAT) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS FLOAT) WHEN 'extremely easy' THEN CAST(7 AS FLOAT) ELSE TRY_CAST("cx_c4_t" AS FLOAT) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "answered_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("store") AS cx_c0,
  "store" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort")) THEN 1 END) AS cx_c8
FROM cx_rows
GROUP BY GROUPING SETS ((), ("store"));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      REGEXP_SUBSTR(CAST("satisfied" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c3_t",
      translate(TRIM(CAST("satisfied" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      REGEXP_SUBSTR(CAST("effort" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c4_t",
      translate(TRIM(CAST("effort" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿'))) AS "cx_c5_t",
      translate(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "store",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS FLOAT) WHEN 'dissatisfied' THEN CAST(2 AS FLOAT) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS FLOAT) WHEN 'satisfied' THEN CAST(4 AS FLOAT) WHEN 'very satisfied' THEN CAST(5 AS FLOAT) ELSE TRY_CAST("cx_c3_t" AS FLOAT) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS FLOAT) WHEN 'extremely easy' THEN CAST(7 AS FLOAT) ELSE TRY_CAST("cx_c4_t" AS FLOAT) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "answered_at") AS DATE) AS cx_day
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
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 8 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      REGEXP_SUBSTR(CAST("satisfied" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c3_t",
      translate(TRIM(CAST("satisfied" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      REGEXP_SUBSTR(CAST("effort" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c4_t",
      translate(TRIM(CAST("effort" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿'))) AS "cx_c5_t",
      translate(TRIM(CAST("come_back" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "store",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CAST("cx_c2_v" AS TIMESTAMP_TZ) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS FLOAT) WHEN 'dissatisfied' THEN CAST(2 AS FLOAT) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS FLOAT) WHEN 'satisfied' THEN CAST(4 AS FLOAT) WHEN 'very satisfied' THEN CAST(5 AS FLOAT) ELSE TRY_CAST("cx_c3_t" AS FLOAT) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS FLOAT) WHEN 'extremely easy' THEN CAST(7 AS FLOAT) ELSE TRY_CAST("cx_c4_t" AS FLOAT) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS VARCHAR) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST(CONVERT_TIMEZONE('UTC', "answered_at") AS DATE) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN 1 END) AS cx_c1,
  SUM(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN "effort" END) AS cx_c2,
  SUM(CASE WHEN "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7 THEN "effort" * "effort" END) AS cx_c3,
  COUNT(CASE WHEN ("come_back" = TRUE) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ("satisfied" IS NULL) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN ("channel" = 'App') THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN (("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) THEN 1 END) AS cx_c7,
  COUNT(CASE WHEN ((("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9) THEN 1 END) AS cx_c8,
  COUNT(CASE WHEN ((("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6) THEN 1 END) AS cx_c9,
  COUNT(CASE WHEN ("effort" >= 6) THEN 1 END) AS cx_c10,
  COUNT(CASE WHEN (("effort" >= 6)) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) THEN 1 END) AS cx_c11,
  COUNT(CASE WHEN ((("effort" >= 6)) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4) THEN 1 END) AS cx_c12
FROM cx_rows;

-- source pulse (snowflake)
-- pulse: file data, shown as a table named 'pulse' as if loaded into snowflake
ALTER SESSION SET TIMEZONE = 'UTC';

-- 2 measures (by filiale), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "filiale" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      REGEXP_SUBSTR(CAST("satisfied" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c2_t",
      translate(TRIM(CAST("satisfied" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHILNRSTUZİ', 'adefhilnrstuzi') AS "cx_c2_k"
    FROM "pulse"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "filiale",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CASE "cx_c2_k" WHEN 'sehr unzufrieden' THEN CAST(1 AS FLOAT) WHEN 'unzufrieden' THEN CAST(2 AS FLOAT) WHEN 'neutral' THEN CAST(3 AS FLOAT) WHEN 'zufrieden' THEN CAST(4 AS FLOAT) WHEN 'sehr zufrieden' THEN CAST(5 AS FLOAT) ELSE TRY_CAST("cx_c2_t" AS FLOAT) END AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  GROUPING("filiale") AS cx_c0,
  "filiale" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(CASE WHEN "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10 THEN 1 END) AS cx_c3,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9) THEN 1 END) AS cx_c4,
  COUNT(CASE WHEN ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6) THEN 1 END) AS cx_c5,
  COUNT(CASE WHEN "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend")) THEN 1 END) AS cx_c6,
  COUNT(CASE WHEN "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied")) THEN 1 END) AS cx_c7
FROM cx_rows
GROUP BY GROUPING SETS ((), ("filiale"));

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "filiale" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      REGEXP_SUBSTR(CAST("satisfied" AS VARCHAR), '^[\\t\\n\\v\\f\\r    -     　﻿]*([+-]?[0-9]+)[\\t\\n\\v\\f\\r    -     　﻿]*$', 1, 1, 'e', 1) AS "cx_c2_t",
      translate(TRIM(CAST("satisfied" AS VARCHAR), (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿')), 'ADEFHILNRSTUZİ', 'adefhilnrstuzi') AS "cx_c2_k"
    FROM "pulse"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS VARCHAR) AS "filiale",
      CAST("cx_c1_v" AS FLOAT) AS "recommend",
      CASE "cx_c2_k" WHEN 'sehr unzufrieden' THEN CAST(1 AS FLOAT) WHEN 'unzufrieden' THEN CAST(2 AS FLOAT) WHEN 'neutral' THEN CAST(3 AS FLOAT) WHEN 'zufrieden' THEN CAST(4 AS FLOAT) WHEN 'sehr zufrieden' THEN CAST(5 AS FLOAT) ELSE TRY_CAST("cx_c2_t" AS FLOAT) END AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(CASE WHEN "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5 THEN 1 END) AS cx_c1,
  COUNT(CASE WHEN ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4) THEN 1 END) AS cx_c2
FROM cx_rows;
