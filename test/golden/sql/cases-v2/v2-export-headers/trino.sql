-- cx sql --dialect trino (as of 2026-06-30, zone UTC)
-- source survey (trino)
-- survey: file data, shown as a table named 'survey' as if loaded into trino

-- 2 measures (by store), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      regexp_extract(CAST("satisfied" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c3_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("satisfied" AS varchar)), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      regexp_extract(CAST("effort" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c4_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("effort" AS varchar)), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar))) AS "cx_c5_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar)), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS timestamp(3) with time zone) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS double) WHEN 'dissatisfied' THEN CAST(2 AS double) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS double) WHEN 'satisfied' THEN CAST(4 AS double) WHEN 'very satisfied' THEN CAST(5 AS double) ELSE TRY_CAST("cx_c3_t" AS double) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS double) WHEN 'extremely easy' THEN CAST(7 AS double) ELSE TRY_CAST("cx_c4_t" AS double) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS varchar) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST("answered_at" AT TIME ZONE 'UTC' AS date) AS cx_day
    FROM cx_src
  )
SELECT
  GROUPING("store") AS cx_c0,
  "store" AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c6,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c7,
  COUNT(*) FILTER (WHERE "effort" IS NOT NULL AND ("effort" < 1 OR "effort" > 7 OR "effort" <> floor("effort"))) AS cx_c8
FROM cx_rows
GROUP BY GROUPING SETS ((), ("store"));

-- 2 measures (trend month)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      regexp_extract(CAST("satisfied" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c3_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("satisfied" AS varchar)), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      regexp_extract(CAST("effort" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c4_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("effort" AS varchar)), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar))) AS "cx_c5_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar)), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS timestamp(3) with time zone) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS double) WHEN 'dissatisfied' THEN CAST(2 AS double) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS double) WHEN 'satisfied' THEN CAST(4 AS double) WHEN 'very satisfied' THEN CAST(5 AS double) ELSE TRY_CAST("cx_c3_t" AS double) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS double) WHEN 'extremely easy' THEN CAST(7 AS double) ELSE TRY_CAST("cx_c4_t" AS double) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS varchar) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST("answered_at" AT TIME ZONE 'UTC' AS date) AS cx_day
    FROM cx_src
  ),
  cx_keyed AS (
    SELECT *, (year(cx_day) * 12 + month(cx_day) - 1) AS cx_period
    FROM cx_rows
  )
SELECT
  GROUPING(cx_period) AS cx_c0,
  cx_period AS cx_c1,
  COUNT(*) AS cx_c2,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c3,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c4
FROM cx_keyed
GROUP BY GROUPING SETS ((), (cx_period));

-- 8 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "store" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      "answered_at" AS "cx_c2_v",
      regexp_extract(CAST("satisfied" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c3_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("satisfied" AS varchar)), 'ADEFHINORSTVYİ', 'adefhinorstvyi') AS "cx_c3_k",
      regexp_extract(CAST("effort" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c4_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("effort" AS varchar)), 'ACDEFILMRSTUXYİ', 'acdefilmrstuxyi') AS "cx_c4_k",
      lower(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar))) AS "cx_c5_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("come_back" AS varchar)), 'ABDEFILNOPRTYİ', 'abdefilnoprtyi') AS "cx_c5_k",
      "channel" AS "cx_c6_v"
    FROM "survey"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "store",
      CAST("cx_c1_v" AS double) AS "recommend",
      CAST("cx_c2_v" AS timestamp(3) with time zone) AS "answered_at",
      CASE "cx_c3_k" WHEN 'very dissatisfied' THEN CAST(1 AS double) WHEN 'dissatisfied' THEN CAST(2 AS double) WHEN 'neither satisfied nor dissatisfied' THEN CAST(3 AS double) WHEN 'satisfied' THEN CAST(4 AS double) WHEN 'very satisfied' THEN CAST(5 AS double) ELSE TRY_CAST("cx_c3_t" AS double) END AS "satisfied",
      CASE "cx_c4_k" WHEN 'extremely difficult' THEN CAST(1 AS double) WHEN 'extremely easy' THEN CAST(7 AS double) ELSE TRY_CAST("cx_c4_t" AS double) END AS "effort",
      CASE "cx_c5_k" WHEN 'definitely' THEN TRUE WHEN 'probably' THEN TRUE WHEN 'probably not' THEN FALSE WHEN 'definitely not' THEN FALSE ELSE CASE WHEN "cx_c5_t" IN ('true', '1', 'yes') THEN TRUE WHEN "cx_c5_t" IN ('false', '0', 'no') THEN FALSE END END AS "come_back",
      CAST("cx_c6_v" AS varchar) AS "channel"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *, CAST("answered_at" AT TIME ZONE 'UTC' AS date) AS cx_day
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c1,
  SUM("effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c2,
  SUM("effort" * "effort") FILTER (WHERE "effort" = floor("effort") AND "effort" >= 1 AND "effort" <= 7) AS cx_c3,
  COUNT(*) FILTER (WHERE ("come_back" = TRUE)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("satisfied" IS NULL)) AS cx_c5,
  COUNT(*) FILTER (WHERE ("channel" = 'App')) AS cx_c6,
  COUNT(*) FILTER (WHERE (("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AS cx_c7,
  COUNT(*) FILTER (WHERE ((("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" >= 9)) AS cx_c8,
  COUNT(*) FILTER (WHERE ((("channel" = 'App')) AND ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10)) AND ("recommend" <= 6)) AS cx_c9,
  COUNT(*) FILTER (WHERE ("effort" >= 6)) AS cx_c10,
  COUNT(*) FILTER (WHERE (("effort" >= 6)) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AS cx_c11,
  COUNT(*) FILTER (WHERE ((("effort" >= 6)) AND ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5)) AND ("satisfied" >= 4)) AS cx_c12
FROM cx_rows;

-- source pulse (trino)
-- pulse: file data, shown as a table named 'pulse' as if loaded into trino

-- 2 measures (by filiale), scale and division checks
WITH
  cx_raw AS (
    SELECT
      "filiale" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      regexp_extract(CAST("satisfied" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c2_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("satisfied" AS varchar)), 'ADEFHILNRSTUZİ', 'adefhilnrstuzi') AS "cx_c2_k"
    FROM "pulse"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "filiale",
      CAST("cx_c1_v" AS double) AS "recommend",
      CASE "cx_c2_k" WHEN 'sehr unzufrieden' THEN CAST(1 AS double) WHEN 'unzufrieden' THEN CAST(2 AS double) WHEN 'neutral' THEN CAST(3 AS double) WHEN 'zufrieden' THEN CAST(4 AS double) WHEN 'sehr zufrieden' THEN CAST(5 AS double) ELSE TRY_CAST("cx_c2_t" AS double) END AS "satisfied"
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
  COUNT(*) FILTER (WHERE "recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AS cx_c3,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" >= 9)) AS cx_c4,
  COUNT(*) FILTER (WHERE ("recommend" = floor("recommend") AND "recommend" >= 0 AND "recommend" <= 10) AND ("recommend" <= 6)) AS cx_c5,
  COUNT(*) FILTER (WHERE "recommend" IS NOT NULL AND ("recommend" < 0 OR "recommend" > 10 OR "recommend" <> floor("recommend"))) AS cx_c6,
  COUNT(*) FILTER (WHERE "satisfied" IS NOT NULL AND ("satisfied" < 1 OR "satisfied" > 5 OR "satisfied" <> floor("satisfied"))) AS cx_c7
FROM cx_rows
GROUP BY GROUPING SETS ((), ("filiale"));

-- 2 measures (overall)
WITH
  cx_raw AS (
    SELECT
      "filiale" AS "cx_c0_v",
      "recommend" AS "cx_c1_v",
      regexp_extract(CAST("satisfied" AS varchar), '^[\t\n\v\f\r    -     　﻿]*([+-]?[0-9]+)[\t\n\v\f\r    -     　﻿]*$', 1) AS "cx_c2_t",
      translate(trim(BOTH (chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || '                  　﻿') FROM CAST("satisfied" AS varchar)), 'ADEFHILNRSTUZİ', 'adefhilnrstuzi') AS "cx_c2_k"
    FROM "pulse"
  ),
  cx_src AS (
    SELECT
      CAST("cx_c0_v" AS varchar) AS "filiale",
      CAST("cx_c1_v" AS double) AS "recommend",
      CASE "cx_c2_k" WHEN 'sehr unzufrieden' THEN CAST(1 AS double) WHEN 'unzufrieden' THEN CAST(2 AS double) WHEN 'neutral' THEN CAST(3 AS double) WHEN 'zufrieden' THEN CAST(4 AS double) WHEN 'sehr zufrieden' THEN CAST(5 AS double) ELSE TRY_CAST("cx_c2_t" AS double) END AS "satisfied"
    FROM cx_raw
  ),
  cx_rows AS (
    SELECT *
    FROM cx_src
  )
SELECT
  COUNT(*) AS cx_c0,
  COUNT(*) FILTER (WHERE "satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AS cx_c1,
  COUNT(*) FILTER (WHERE ("satisfied" = floor("satisfied") AND "satisfied" >= 1 AND "satisfied" <= 5) AND ("satisfied" >= 4)) AS cx_c2
FROM cx_rows;
