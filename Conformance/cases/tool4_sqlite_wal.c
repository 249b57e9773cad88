// syscalls: openat pread64 pwrite64 fcntl ftruncate mmap munmap fdatasync unlink unlinkat newfstatat mknodat clone vfork wait4 execve
// expect: same
/* sqlite3(1) in WAL mode (uid 1000): the database, its -wal and -shm files (mmap'd, fcntl
 * byte-range locks) in the scratch dir. A reader process fed through a FIFO opens a read
 * transaction; a writer process commits meanwhile; the reader still sees its snapshot until it
 * commits, then the new rows. A second writer is refused while one holds BEGIN IMMEDIATE
 * ("database is locked"), and waits with .timeout until it commits. Then a checkpoint
 * (TRUNCATE), integrity_check, the files present at each step (names only), .dump's md5, and a
 * switch back to journal_mode=DELETE. */
#include "tool_util.h"

#define WAITFOR(f) "while [ ! -e " f " ]; do sleep 0.01; done; "
#define SQL "/usr/bin/sqlite3"

int main(void) {
    enter("sqlite");
    sh("create in WAL mode",
       SQL " db 'PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER, s TEXT); "
       "INSERT INTO t VALUES (1, \"one\"), (2, \"two\"), (3, \"three\");' && ls db*");
    sh("a reader's snapshot while a writer commits",
       "mkfifo cmd; " SQL " db < cmd > reader.out 2>&1 & r=$!; exec 3>cmd\n"
       "printf 'BEGIN;\\nSELECT \"r1\", count(*), sum(x) FROM t;\\n.shell touch r1\\n' >&3\n"
       WAITFOR("r1") "\n"
       "ls db*\n"
       SQL " db 'INSERT INTO t SELECT x + 10, s FROM t; SELECT \"w\", count(*), sum(x) FROM t;'\n"
       "printf 'SELECT \"r2 (same snapshot)\", count(*), sum(x) FROM t;\\nCOMMIT;\\n"
       "SELECT \"r3 (after commit)\", count(*), sum(x) FROM t;\\n' >&3\n"
       "exec 3>&-; wait $r; echo reader status $?; cat reader.out");
    sh("a second writer is refused while one holds BEGIN IMMEDIATE",
       "rm -f cmd r1; mkfifo cmd; " SQL " db < cmd > holder.out 2>&1 & h=$!; exec 3>cmd\n"
       "printf 'BEGIN IMMEDIATE;\\nINSERT INTO t VALUES (100, \"held\");\\n.shell touch h1\\n' >&3\n"
       WAITFOR("h1") "\n"
       SQL " db 'INSERT INTO t VALUES (99, \"refused\");'; echo refused status $?\n"
       SQL " db 'SELECT \"reader during the write\", count(*) FROM t;'\n"
       "( " SQL " -cmd '.timeout 20000' db 'INSERT INTO t VALUES (101, \"waited\");'; echo waiter status $? ) > waiter.out 2>&1 & w=$!\n"
       "sleep 0.3; printf 'COMMIT;\\n' >&3; exec 3>&-; wait $h; echo holder status $?; cat holder.out\n"
       "wait $w; cat waiter.out\n"
       SQL " db 'SELECT x, s FROM t ORDER BY x;'");
    sh("checkpoint, integrity, dump",
       SQL " db 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA integrity_check; PRAGMA journal_mode;' && "
       SQL " db .dump | md5sum && ls db*");
    sh("back to journal_mode=DELETE",
       SQL " db 'PRAGMA journal_mode=DELETE;' && ls db* && " SQL " db 'SELECT count(*) FROM t;'");
    sh("a read-only database file", "chmod 444 db && " SQL " db 'INSERT INTO t VALUES (7, \"x\");'; echo status $?; "
       SQL " -readonly db 'SELECT count(*) FROM t;'; chmod 644 db");
    sh("a database in a read-only directory (no journal can be made)",
       "mkdir rod && cp db rod/ && chmod 555 rod && " SQL " rod/db 'INSERT INTO t VALUES (8, \"y\");'; echo status $?; "
       SQL " rod/db 'SELECT count(*) FROM t;'; chmod 755 rod");
    leave();
    return 0;
}
