-- Full-text indexes for the public register (public_register.cpp). PostgreSQL only: the search
-- there matches to_tsvector('swedish', public_title) of cases and documents, and these GIN
-- expression indexes carry exactly that expression, so a word search reads the index instead
-- of every row. SQLite searches with LIKE over search_text and gets no index here (the
-- section below is empty on SQLite; the version is recorded on both databases).
-- samverkan:dialect postgresql
CREATE INDEX diary_case_public_title_fts ON diary_case USING GIN (to_tsvector('swedish', public_title));
CREATE INDEX case_document_public_title_fts ON case_document USING GIN (to_tsvector('swedish', public_title));
-- samverkan:dialect all
