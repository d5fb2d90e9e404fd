-- Teams, on SQLite. An INTEGER PRIMARY KEY is the rowid: SQLite picks it.
CREATE TABLE team (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    motto TEXT,
    sponsor TEXT NOT NULL
);
