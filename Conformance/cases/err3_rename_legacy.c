// syscalls: rename renameat renameat2
// expect: same
/* rename/renameat/renameat2 with two faults at once and boundary names: NULL, unmapped and
 * unterminated names (copied before anything is looked up), unknown flags against bad names
 * (EINVAL first), a missing source against a new name under a file (the new parent is looked up
 * first: ENOTDIR), directories into their own subdirectories, files onto directories and back,
 * non-empty targets, trailing slashes on files and symlinks, NAME_MAX+1 and PATH_MAX names,
 * dirfds that are files, sockets, closed or -1, RENAME_EXCHANGE between a file and a directory,
 * RENAME_WHITEOUT, flags with junk above 32 bits. Natively the case first becomes uid/gid 1000. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#endif

static long rn2(int a, const char *p, int b, const char *q, long flags) {
    return syscall(SYS_renameat2, a, p, b, q, flags);
}

static void kind(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) { printf("  %s: %s\n", p, errname(errno)); return; }
    const char *k = S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : S_ISLNK(st.st_mode) ? "symlink"
                  : S_ISCHR(st.st_mode) ? "char device" : "other";
    printf("  %s: %s\n", p, k);
}

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    enter_scratch("err3-rename");
    put("f", "x");
    put("g", "y");
    MUST(mkdir("d", 0755));
    MUST(mkdir("d/sub", 0755));
    MUST(mkdir("full", 0755));
    put("full/inside", "z");
    MUST(mkdir("e", 0755));
    MUST(symlink("d", "ld"));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);

    REPORT("rename NULL old", syscall(SYS_rename, NULL, "x"));
    REPORT("rename NULL new", syscall(SYS_rename, "f", NULL));
    REPORT("rename missing old, NULL new", syscall(SYS_rename, "missing", NULL));
    REPORT("rename old unterminated at edge", syscall(SYS_rename, edge - 1, "x"));
    REPORT("rename missing, new unterminated at edge", syscall(SYS_rename, "missing", edge - 1));
    REPORT("rename (void*)1 new", syscall(SYS_rename, "f", (const char *)1));
    REPORT("rename missing, f/x", syscall(SYS_rename, "missing", "f/x"));
    REPORT("rename missing/x, f/x", syscall(SYS_rename, "missing/x", "f/x"));
    REPORT("rename f/x, missing/x", syscall(SYS_rename, "f/x", "missing/x"));
    REPORT("rename f, missing/x", syscall(SYS_rename, "f", "missing/x"));
    REPORT("rename empty old", syscall(SYS_rename, "", "x"));
    REPORT("rename f, empty new", syscall(SYS_rename, "f", ""));
    REPORT("rename d into d/sub/x", syscall(SYS_rename, "d", "d/sub/x"));
    REPORT("rename d onto d/sub", syscall(SYS_rename, "d", "d/sub"));
    REPORT("rename d/sub onto d", syscall(SYS_rename, "d/sub", "d"));
    REPORT("rename dir onto file", syscall(SYS_rename, "e", "f"));
    REPORT("rename file onto dir", syscall(SYS_rename, "f", "e"));
    REPORT("rename dir onto non-empty dir", syscall(SYS_rename, "e", "full"));
    REPORT("rename file onto f/", syscall(SYS_rename, "g", "f/"));
    REPORT("rename f/ onto new", syscall(SYS_rename, "f/", "h"));
    REPORT("rename lf/ onto new", syscall(SYS_rename, "lf/", "h"));
    REPORT("rename ld/ onto new", syscall(SYS_rename, "ld/", "h"));
    REPORT("rename dangling/ onto new", syscall(SYS_rename, "dangling/", "h"));
    REPORT("rename e/ onto e2/ (ok)", syscall(SYS_rename, "e/", "e2/"));
    REPORT("rename e2 back (ok)", syscall(SYS_rename, "e2", "e"));
    REPORT("rename f onto itself (ok)", syscall(SYS_rename, "f", "f"));
    REPORT("rename lf onto f, the file it names (ok)", syscall(SYS_rename, "lf", "f"));
    kind("f");
    kind("lf");
    REPORT("rename f (now the symlink) back to lf", syscall(SYS_rename, "f", "lf"));
    put("f", "x");
    REPORT("rename \".\" onto x", syscall(SYS_rename, ".", "x"));
    REPORT("rename d/.. onto x", syscall(SYS_rename, "d/..", "x"));
    REPORT("rename f onto \"..\"", syscall(SYS_rename, "f", ".."));
    char n256[300];
    memset(n256, 'n', 256);
    n256[256] = 0;
    REPORT("rename f onto a 256-byte name", syscall(SYS_rename, "f", n256));
    REPORT("rename a 256-byte name onto x", syscall(SYS_rename, n256, "x"));
    char longp[4200];
    memset(longp, '/', 4096);
    longp[4096] = 0;
    REPORT("rename f onto 4096 slashes", syscall(SYS_rename, "f", longp));

    REPORT("renameat file olddirfd", syscall(SYS_renameat, ffd, "x", AT_FDCWD, "y"));
    REPORT("renameat socket newdirfd", syscall(SYS_renameat, AT_FDCWD, "f", sv[0], "y"));
    REPORT("renameat newdirfd -1", syscall(SYS_renameat, AT_FDCWD, "f", -1, "y"));
    REPORT("renameat closed olddirfd", syscall(SYS_renameat, closed, "x", AT_FDCWD, "y"));
    char absmissing[128];
    snprintf(absmissing, sizeof absmissing, "%s/missing", scratch);
    REPORT("renameat olddirfd -1, absolute old, missing", syscall(SYS_renameat, -1, absmissing, AT_FDCWD, "y"));
    REPORT("renameat dir fd, ../f onto ../f2 (ok)", syscall(SYS_renameat, dfd, "../f", dfd, "../f2"));
    REPORT("renameat back (ok)", syscall(SYS_renameat, AT_FDCWD, "f2", AT_FDCWD, "f"));
    REPORT("renameat junk 5th argument (ignored)", syscall(SYS_renameat, AT_FDCWD, "g", AT_FDCWD, "g", 0xffL));

    REPORT("renameat2 flags 8, NULL old", rn2(AT_FDCWD, NULL, AT_FDCWD, "x", 8));
    REPORT("renameat2 flags -1, missing", rn2(AT_FDCWD, "missing", AT_FDCWD, "x", -1));
    REPORT("renameat2 flags 8, fd -1", rn2(-1, "f", -1, "x", 8));
    REPORT("renameat2 NOREPLACE|EXCHANGE, NULL old", rn2(AT_FDCWD, NULL, AT_FDCWD, "x", RENAME_NOREPLACE | RENAME_EXCHANGE));
    REPORT("renameat2 flags 1<<32 (unsigned int: 0)", rn2(AT_FDCWD, "g", AT_FDCWD, "g2", 1L << 32));
    REPORT("renameat2 flags (1<<32)|NOREPLACE onto existing", rn2(AT_FDCWD, "g2", AT_FDCWD, "f", (1L << 32) | RENAME_NOREPLACE));
    REPORT("renameat2 back", rn2(AT_FDCWD, "g2", AT_FDCWD, "g", 0));
    REPORT("renameat2 EXCHANGE file and dir (ok)", rn2(AT_FDCWD, "f", AT_FDCWD, "e", RENAME_EXCHANGE));
    kind("f");
    kind("e");
    REPORT("renameat2 EXCHANGE back (ok)", rn2(AT_FDCWD, "f", AT_FDCWD, "e", RENAME_EXCHANGE));
    REPORT("renameat2 EXCHANGE with itself (ok)", rn2(AT_FDCWD, "f", AT_FDCWD, "f", RENAME_EXCHANGE));
    REPORT("renameat2 EXCHANGE dir into own subdir", rn2(AT_FDCWD, "d", AT_FDCWD, "d/sub", RENAME_EXCHANGE));
    REPORT("renameat2 EXCHANGE f with f/", rn2(AT_FDCWD, "f", AT_FDCWD, "f/", RENAME_EXCHANGE));
    REPORT("renameat2 EXCHANGE with dangling symlink (ok)", rn2(AT_FDCWD, "g", AT_FDCWD, "dangling", RENAME_EXCHANGE));
    kind("g");
    kind("dangling");
    REPORT("renameat2 EXCHANGE back (ok)", rn2(AT_FDCWD, "g", AT_FDCWD, "dangling", RENAME_EXCHANGE));
    REPORT("renameat2 NOREPLACE onto dangling symlink", rn2(AT_FDCWD, "g", AT_FDCWD, "dangling", RENAME_NOREPLACE));
    REPORT("renameat2 NOREPLACE onto d/..", rn2(AT_FDCWD, "g", AT_FDCWD, "d/..", RENAME_NOREPLACE));
    REPORT("renameat2 WHITEOUT file", rn2(AT_FDCWD, "g", AT_FDCWD, "w", RENAME_WHITEOUT));
    kind("g");
    kind("w");
    REPORT("renameat2 WHITEOUT|NOREPLACE onto existing", rn2(AT_FDCWD, "f", AT_FDCWD, "w", RENAME_WHITEOUT | RENAME_NOREPLACE));
    REPORT("renameat2 WHITEOUT missing", rn2(AT_FDCWD, "missing", AT_FDCWD, "w2", RENAME_WHITEOUT));
    close(ffd); close(dfd); close(sv[0]); close(sv[1]);
    leave_scratch();
    return 0;
}
