-- Trigram indexes let finance search accounts by any part of their id, business name or email
-- (GET /v1/accounts?q=) without reading every row. pg_trgm ships with PostgreSQL and is a trusted
-- extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
