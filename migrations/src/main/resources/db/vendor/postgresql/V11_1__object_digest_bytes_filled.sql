-- AllKinds schema, version 11.1 on PostgreSQL: every stored digest's text as UTF-8 bytes (see
-- version 11).
UPDATE objects SET digest_bytes = convert_to(digest, 'UTF8') WHERE digest IS NOT NULL;
