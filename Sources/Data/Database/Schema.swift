import GRDB

/// Schema migrations. Each migration runs once, in order, inside a transaction.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-registry-and-factors") { db in
            try db.execute(
                sql: """
                    CREATE TABLE datasets (
                        id TEXT PRIMARY KEY NOT NULL,
                        title TEXT NOT NULL,
                        version TEXT NOT NULL,
                        source TEXT NOT NULL,
                        licence TEXT NOT NULL,
                        date TEXT NOT NULL,
                        citation TEXT NOT NULL DEFAULT '',
                        checksum TEXT NOT NULL,
                        notes TEXT NOT NULL DEFAULT '',
                        origin TEXT NOT NULL DEFAULT 'bundled',
                        imported_at TEXT NOT NULL
                    );
                    CREATE TABLE dataset_history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        dataset_id TEXT NOT NULL,
                        version TEXT NOT NULL,
                        checksum TEXT NOT NULL,
                        action TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE TABLE factors (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                        tbl TEXT NOT NULL,
                        category TEXT NOT NULL DEFAULT '',
                        item TEXT NOT NULL,
                        qualifier TEXT NOT NULL DEFAULT '',
                        gas TEXT NOT NULL DEFAULT '',
                        value REAL NOT NULL,
                        low REAL,
                        high REAL,
                        unit TEXT NOT NULL,
                        description TEXT NOT NULL DEFAULT '',
                        verification TEXT NOT NULL DEFAULT '',
                        attributes TEXT NOT NULL DEFAULT '{}'
                    );
                    CREATE INDEX factors_lookup ON factors(tbl, item, category, qualifier, gas);
                    CREATE INDEX factors_dataset ON factors(dataset_id);
                    CREATE VIRTUAL TABLE factors_fts USING fts5(
                        description, item, category, tbl, gas,
                        content='factors', content_rowid='id', tokenize='unicode61 remove_diacritics 2 tokenchars ''_'''
                    );
                    CREATE TRIGGER factors_ai AFTER INSERT ON factors BEGIN
                        INSERT INTO factors_fts(rowid, description, item, category, tbl, gas)
                        VALUES (new.id, new.description, new.item, new.category, new.tbl, new.gas);
                    END;
                    CREATE TRIGGER factors_ad AFTER DELETE ON factors BEGIN
                        INSERT INTO factors_fts(factors_fts, rowid, description, item, category, tbl, gas)
                        VALUES ('delete', old.id, old.description, old.item, old.category, old.tbl, old.gas);
                    END;
                    CREATE TABLE gwp (
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                        species TEXT NOT NULL,
                        assessment TEXT NOT NULL,
                        metric TEXT NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY (species, assessment, metric)
                    );
                    CREATE TABLE countries (
                        iso3 TEXT PRIMARY KEY NOT NULL,
                        iso2 TEXT NOT NULL,
                        numeric TEXT NOT NULL,
                        name TEXT NOT NULL,
                        continent TEXT NOT NULL DEFAULT '',
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE
                    );
                    CREATE TABLE country_geometry (
                        iso3 TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        polygons TEXT NOT NULL,
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE
                    );
                    CREATE TABLE national_emissions (
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                        iso3 TEXT NOT NULL,
                        country TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        indicator TEXT NOT NULL,
                        value REAL NOT NULL,
                        unit TEXT NOT NULL,
                        PRIMARY KEY (dataset_id, iso3, year, indicator)
                    );
                    CREATE TABLE grid_intensity (
                        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
                        iso3 TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        value REAL NOT NULL,
                        unit TEXT NOT NULL,
                        source TEXT NOT NULL DEFAULT '',
                        PRIMARY KEY (dataset_id, iso3, year)
                    );
                    """)
        }
        m.registerMigration("v2-jobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        progress REAL NOT NULL DEFAULT 0,
                        message TEXT NOT NULL DEFAULT '',
                        params TEXT NOT NULL DEFAULT '{}',
                        result TEXT,
                        error TEXT,
                        created_at TEXT NOT NULL,
                        started_at TEXT,
                        finished_at TEXT
                    );
                    CREATE INDEX jobs_status ON jobs(status);
                    """)
        }
        return m
    }
}
