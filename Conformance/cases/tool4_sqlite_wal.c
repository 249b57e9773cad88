// syscalls: openat pread64 pwrite64 fcntl ftruncate mmap munmap fdatasync unlink unlinkat newfstatat mknodat clone vfork wait4 execve
// expect: same
/* sqlite3(1) in WAL mode (uid 1000): the database, its -wal and -shm files (mmap'd, fcntl
 * byte-range locks) in the scratch dir. A reader process fed through a FIFO opens a read
 * transaction; a writer process commits meanwhile; the reader still sees its snapshot until it
 * commits, then the new rows. A second writer is refused while one holds BEGIN IMMEDIATE
 * ("database is locked"), and waits with .timeout until it commits. Then a checkpoint
 * (TRUNCATE), integrity_check, the files present at each step (names only), .dump's md5, and a
 * switch back to journal_mode=DELETE. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];

/* Runs SCRIPT with /bin/sh -c in the scratch directory under a fixed environment ($D is the
 * scratch directory, also $HOME), stdin /dev/null and stderr into stdout; prints its status. */
static void sh(const char *label, const char *script) {
    char d[96], home[96];
    snprintf(d, sizeof d, "D=%s", dir);
    snprintf(home, sizeof home, "HOME=%s", dir);
    char *envp[] = { "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC", d, home, NULL };
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    printf("== %s\n", label);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(1, 2) < 0) _exit(126);
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st)) printf("-- exit %d\n", WEXITSTATUS(st));
    else printf("-- signal %d\n", WTERMSIG(st));
}

/* Natively the case runs as root: become uid/gid 1000 like the guest; then a fresh scratch
 * directory under /tmp becomes the cwd. */
static void enter(const char *tag) {
    if (getuid() == 0) {
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/tool4-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(dir));
}

static void leave(void) {
    struct stat st;
    MUST(chdir("/"));
    sh("cleanup", "chmod -R u+rwx \"$D\"; rm -rf \"$D\"");
    FACT("cleaned up", stat(dir, &st) != 0);
}

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
