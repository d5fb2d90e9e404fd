-- The heroes, as SQLModel's `Hero(table=True)` creates them on SQLite.
-- An INTEGER PRIMARY KEY is SQLite's rowid: the database picks the id.
CREATE TABLE hero (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    age INTEGER,
    secret_name TEXT NOT NULL
);

CREATE INDEX ix_hero_name ON hero (name);
CREATE INDEX ix_hero_age ON hero (age);
