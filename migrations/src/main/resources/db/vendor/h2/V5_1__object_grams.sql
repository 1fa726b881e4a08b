-- H2 only: the trigram index of objects.search_text that q= uses on H2 (PostgreSQL has pg_trgm).
-- One row per distinct trigram of an object's search text, its whole content one BIGINT key:
-- (23-bit hash of the trigram) << 40 | objects.search_id (see store/SearchGrams). A single
-- integer primary key is the row key of H2's table map, so there is no second copy as an index.
-- The writer keeps it in step in the object's own transaction; the rows of existing objects are
-- filled by the Java migration 5.2 (store/FillSearchGrams).
CREATE TABLE object_grams (
    k                 BIGINT        NOT NULL PRIMARY KEY
);
-- From a gram's candidates to their objects.
CREATE INDEX objects_by_search_id ON objects (search_id);
