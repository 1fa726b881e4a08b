-- PostgreSQL only: a trigram index makes q= (LIKE '%text%' on objects.search_text) an index scan
-- instead of a scan of every object. pg_trgm ships with PostgreSQL and is a trusted extension:
-- the owner of the database may create it (or an administrator creates it beforehand).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX objects_by_search_text ON objects USING gin (search_text gin_trgm_ops);
