//! Tests of `case_log.rs`, kept apart so that the module itself stays short.
use super::*;

fn wal_size(dir: &Path) -> u64 {
    std::fs::metadata(dir.join(format!("{FILE_NAME}-wal"))).map_or(0, |m| m.len())
}

#[test]
fn a_new_log_has_pages_of_8_kib_and_an_old_one_keeps_its_own() {
    let page = |dir: &Path| -> i64 {
        let log = CaseLog::open(dir).unwrap();
        log.read(|conn| conn.query_row("PRAGMA page_size", [], |r| r.get(0)))
            .unwrap()
    };
    let new = tempfile::tempdir().unwrap();
    assert_eq!(page(new.path()), 8192);
    assert_eq!(page(new.path()), 8192);
    let old = tempfile::tempdir().unwrap();
    Connection::open(old.path().join(FILE_NAME))
        .unwrap()
        .execute_batch("PRAGMA page_size = 4096; CREATE TABLE t (x); DROP TABLE t;")
        .unwrap();
    assert_eq!(page(old.path()), 4096);
}

/// A batch that sends writes to the log while its snapshot is held; renewing the snapshot
/// around a checkpoint must let the write-ahead file start over, or it grows with every row.
#[test]
fn writes_under_a_renewed_snapshot_keep_the_wal_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut log = CaseLog::open(dir.path()).unwrap();
    log.write(|conn| Ok(conn.execute_batch("CREATE TABLE filler (data BLOB)")?))
        .unwrap();
    let mut snapshot = log.snapshot().unwrap();
    let mut largest = 0;
    for _ in 0..40 {
        for _ in 0..50 {
            log.write(|conn| {
                conn.execute("INSERT INTO filler (data) VALUES (zeroblob(4000))", [])?;
                Ok(())
            })
            .unwrap();
        }
        // What `flush` does at the end of each chunk.
        snapshot.release().unwrap();
        log.checkpoint().unwrap();
        snapshot.renew().unwrap();
        snapshot
            .read(|conn| conn.query_row("SELECT count(*) FROM filler", [], |_| Ok(())))
            .unwrap();
        largest = largest.max(wal_size(dir.path()));
    }
    // 8 MB went through the log; the write-ahead file stays about a chunk's worth.
    assert!(largest < 2_000_000, "the WAL grew to {largest} bytes");
}
