//! The portable archive's reader under fuzzing (issue 11, backup and restore):
//! `ntm_store::archive::ArchiveReader` on arbitrary bytes (an archive is whatever file someone
//! gives `ntm import --all`), opened and read through as an import reads it before writing
//! anything. Shared by `fuzz_targets/archive.rs` and the corpus replay test
//! `crates/ntm-store/tests/fuzz_corpus.rs`.
//!
//! Never a panic. A refusal says what, in words that name it. An accepted archive names every
//! table of the schema once, and each table's rows are those its manifest counts, each of the
//! table's columns in number and type. Returns whether it was accepted.

use std::io::Cursor;

use ntm_store::archive::{ArchiveReader, Cell, ColumnType, TABLES};

pub fn archive(data: &[u8]) -> bool {
    let mut reader = match ArchiveReader::open(Cursor::new(data)) {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "a refusal in words");
            return false;
        }
    };
    let manifest = reader.manifest.clone();
    assert_eq!(manifest.tables.len(), TABLES.len(), "every table once");
    match reader.verify() {
        Ok(counts) => {
            for ((name, n), entry) in counts.tables.iter().zip(TABLES) {
                let m = manifest.tables.iter().find(|t| t.name == entry.name).expect("named");
                assert_eq!((name.as_str(), *n), (m.name.as_str(), m.rows), "the manifest's count");
            }
            for t in TABLES {
                let columns = manifest.tables.iter().find(|e| e.name == t.name).expect("named").columns.clone();
                reader
                    .rows(t.name, &mut |_, row| {
                        assert_eq!(row.len(), columns.len());
                        for (cell, c) in row.iter().zip(&columns) {
                            let fits = matches!(
                                (cell, c.ty),
                                (Cell::Null, _)
                                    | (Cell::Integer(_), ColumnType::Integer)
                                    | (Cell::Real(_), ColumnType::Real)
                                    | (Cell::Text(_), ColumnType::Text)
                                    | (Cell::Blob(_), ColumnType::Blob)
                            );
                            assert!(fits, "{}: a cell of its column's type", t.name);
                        }
                        Ok(())
                    })
                    .expect("an archive verified reads again");
            }
            true
        }
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "a refusal in words");
            false
        }
    }
}
