-- Fills a migrated samverkan database (samverkan-bench-casehandling migrate) with :n cases of
-- municipality 0604 for bench/casehandling_search.sh, in bulk (INSERT ... SELECT over
-- generate_series) through the real schema: diary numbers (used), counters, cases, one
-- document per case and an organisation party on every third case. Four boards (KS, KF, BUN,
-- SBN) over seven years (2020-2026), numbered per board and year from 1, registered in order
-- through the year. Every tenth case has a secret title (public_title masked as the service
-- masks it). Not generated: private persons as parties (their names are ciphertext from the
-- service's keyring) and document contents (stored empty); the public register reads neither.
--   psql -v n=1000000 -f bench/casehandling_fill.sql URL
\set ON_ERROR_STOP on
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
SET synchronous_commit = off;
BEGIN;
CREATE TEMP TABLE gen ON COMMIT DROP AS
SELECT g,
       2020 + g / per_year AS year,
       (ARRAY['KS', 'KF', 'BUN', 'SBN'])[1 + (g % per_year) % 4] AS prefix,
       (g % per_year) / 4 + 1 AS number,
       make_date(2020 + g / per_year, 1, 1) + ((g % per_year)::bigint * 364 / per_year)::int AS day,
       CASE WHEN g % 5000 = 0 THEN 'Tillstånd för vindkraftverk vid '
            ELSE (ARRAY['Ansökan om bygglov för garage i', 'Detaljplan för bostäder i', 'Skolskjuts till skolan i',
                        'Föreningsbidrag till idrottsförening i', 'Medborgarförslag om cykelbanor i',
                        'Remiss om avfallsplan för', 'Motion om parkering i', 'Avtal om snöröjning i',
                        'Placering i förskola i', 'Tillsyn av livsmedelsverksamhet i',
                        'Överklagande av beslut om bygglov i', 'Upphandling av skolmåltider i',
                        'Ansökan om serveringstillstånd i', 'Strandskyddsdispens vid sjön i',
                        'Budget och verksamhetsplan för', 'Medborgarförslag om lekplats i',
                        'Remiss om kollektivtrafik i', 'Ansökan om bidrag till samlingslokal i',
                        'Trafikföreskrifter för gator i', 'Markanvisning för industrimark i',
                        'Planbesked för fritidshus i', 'Anmälan om värmepump i',
                        'Skrivelse om vägbelysning i', 'Detaljplan för förskola i'])[1 + (g / 7) % 24]
       END || ' ' || (ARRAY['Aneby', 'Frinnaryd', 'Sunhult', 'Haurida', 'Vireda', 'Askeryd', 'Bredestad',
                            'Lommaryd'])[1 + (g / 3) % 8] AS title,
       g % 10 = 3 AS secret
FROM (SELECT g, (:n / 7) AS per_year FROM generate_series(0, (:n / 7) * 7 - 1) g) s;

INSERT INTO diary_number (municipality, prefix, year, number, status, assigned_by, assigned_at)
SELECT '0604', prefix, year, number, 'used', 'bench', day::timestamptz FROM gen;
INSERT INTO diary_counter (municipality, prefix, year, last_number)
SELECT '0604', prefix, year, MAX(number) FROM gen GROUP BY prefix, year
ON CONFLICT (municipality, prefix, year) DO UPDATE SET last_number = EXCLUDED.last_number;
INSERT INTO diary_case (municipality, prefix, year, number, title, title_secrecy, secrecy_reference, public_title,
                        search_text, case_type, handling_unit, officer, status, registered_on, registered_at,
                        registered_by, updated_at)
SELECT '0604', prefix, year, number, title, CASE WHEN secret THEN 'secret' ELSE 'public' END,
       CASE WHEN secret THEN 'OSL 26 kap. 1 §' ELSE '' END,
       CASE WHEN secret THEN 'Sekretess (OSL 26 kap. 1 §)' ELSE title END,
       lower(CASE WHEN secret THEN 'Sekretess (OSL 26 kap. 1 §)' ELSE title END),
       'ärende', 'Kansliet', '', (ARRAY['open', 'prepared', 'decided', 'closed'])[1 + g % 4],
       to_char(day, 'YYYY-MM-DD'), day::timestamptz, 'bench', day::timestamptz
FROM gen ORDER BY g;
INSERT INTO case_document (id, municipality, case_id, document_number, direction, registered_on, title, public_title,
                           search_text, counterpart_kind, counterpart_organisation, secrecy, secrecy_reference,
                           masked_parts, content_type, content_size, content_sha256, content, registered_by,
                           registered_at)
SELECT md5('doc' || c.id), '0604', c.id, 1, 'incoming', c.registered_on, t, t, lower(t), 'organisation',
       'Aneby Bygg AB', 'public', '', '', 'application/pdf', 0, repeat('0', 64), '', 'bench', c.registered_at
FROM (SELECT id, registered_on, registered_at,
             CASE WHEN id % 20000 = 0 THEN 'Yttrande om solcellspark'
                  ELSE (ARRAY['Ansökan', 'Yttrande från miljökontoret', 'Beslut', 'Skrivelse', 'Kompletterande handlingar',
                              'Remissvar'])[1 + id % 6] END AS t
      FROM diary_case WHERE municipality = '0604') c;
INSERT INTO case_party (id, municipality, case_id, ordinal, kind, role, organisation_name, organisation_number)
SELECT md5('party' || id), '0604', id, 1, 'organisation', 'sökande', 'Aneby Bygg AB', '5560000000'
FROM diary_case WHERE municipality = '0604' AND id % 3 = 0;
COMMIT;
VACUUM ANALYZE diary_number;
VACUUM ANALYZE diary_case;
VACUUM ANALYZE case_document;
VACUUM ANALYZE case_party;
