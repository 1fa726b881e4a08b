-- H2 only: how far the trigram index object_grams has got. The writer no longer cuts grams in
-- each object's transaction (inserts spread over the whole index made every commit rewrite a
-- page per gram, four times the file and a third of the writer's time); store/SearchIndexer adds
-- them behind it, in large sorted steps, and advances indexed_to in the same transaction. Every
-- object whose search_id is at most indexed_to has its grams; a q= search also checks the few
-- objects above it, or scans when they are many.
CREATE TABLE object_grams_head (
    id                INTEGER       NOT NULL PRIMARY KEY,
    indexed_to        BIGINT        NOT NULL
);
-- Every search text stored so far was indexed by the writer or by the migration 5.2.
INSERT INTO object_grams_head (id, indexed_to)
    SELECT 1, COALESCE(MAX(search_id), 0) FROM objects;
