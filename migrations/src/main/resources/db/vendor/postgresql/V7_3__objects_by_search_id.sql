-- PostgreSQL only: from a label row (version 7) to its object. H2 has this index since its
-- version 5.1 (the trigram index's candidates use it too).
CREATE INDEX objects_by_search_id ON objects (search_id);
