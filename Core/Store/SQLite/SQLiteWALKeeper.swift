import CSQLite

/// Keeps the write-ahead log from growing without bound when every request is its own process.
///
/// SQLite restarts the WAL from its beginning only in a connection's *second* write transaction after a complete
/// checkpoint; a CGI process writes once and exits without closing, so with `wal_autocheckpoint` alone the WAL
/// grew by every commit forever (measured: 7 MB after 300 inbound-sms processes, 29 MB after ~700 send-sms
/// processes, with every opener's system time rising with it, and every commit past 200 frames paying a checkpoint).
/// This replaces the autocheckpoint hook: after a commit that leaves `threshold` frames or more, it runs a TRUNCATE
/// checkpoint without waiting (the WAL file goes back to zero bytes), and when a reader or writer is in the way it
/// falls back to the PASSIVE checkpoint the default hook ran, so data still reaches the database file.
final class SQLiteWALKeeper {
    /// Frames in the WAL after the last commit, as the WAL hook reported them.
    private(set) var framesAfterLastCommit: Int32 = 0
    private let threshold: Int32

    /// A keeper that checkpoints once the WAL holds `threshold` frames (pages).
    init(threshold: Int32) { self.threshold = threshold }

    /// Registers the WAL hook on `db` (this turns SQLite's own autocheckpoint off for the connection).
    func install(on db: OpaquePointer) {
        sqlite3_wal_hook(
            db,
            { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<SQLiteWALKeeper>.fromOpaque(context).takeUnretainedValue().framesAfterLastCommit = frames
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called after each COMMIT, outside any transaction. `restoreBusyHandler` puts the connection's busy handler
    /// back after the non-blocking attempt.
    func checkpointIfLarge(_ db: OpaquePointer, restoreBusyHandler: () -> Void) {
        guard framesAfterLastCommit >= threshold else { return }
        framesAfterLastCommit = 0
        // Without a busy handler a TRUNCATE checkpoint fails at once with SQLITE_BUSY instead of waiting for
        // readers: a webhook answer must not wait on housekeeping.
        sqlite3_busy_handler(db, nil, nil)
        let truncated = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
        restoreBusyHandler()
        if truncated != SQLITE_OK {
            _ = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }
}
