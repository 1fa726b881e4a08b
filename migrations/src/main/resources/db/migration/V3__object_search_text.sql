-- AllKinds schema, version 3: one search column for the API's q= (substring of name, namespace or
-- any label value). The writer fills it with the lower-cased name, namespace and label values,
-- one per line, so a substring search is one LIKE on one column, and engines with a trigram index
-- (PostgreSQL: db/vendor/postgresql) answer it from the index. Rows stored before this version are
-- filled in by the aggregator on its first start after the upgrade.
ALTER TABLE objects ADD COLUMN search_text VARCHAR(1000000);
