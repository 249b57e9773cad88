// syscalls: renameat2 renameat rename
// expect: same
/* renameat2 error paths: unknown and contradictory flags, RENAME_NOREPLACE onto existing
 * names, RENAME_EXCHANGE with a missing side, dir onto file, file onto dir, a dir into its own
 * subdir, onto a non-empty dir, ".", "..", trailing slashes, same-file renames, bad dirfds. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long rn(const char *a, const char *b, unsigned flags) {
    return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void show(const char *p) {
    char buf[16] = {0};
    int fd = open(p, O_RDONLY);
    if (fd < 0) { printf("  %s: %s\n", p, errname(errno)); return; }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    printf("  %s: \"%s\"\n", p, n > 0 ? buf : "");
}

int main(void) {
    enter_scratch("err-rename");
    struct stat st;
    put("a", "A");
    put("b", "B");
    MUST(mkdir("d", 0755));
    MUST(mkdir("d/sub", 0755));
    MUST(mkdir("e", 0755));
    MUST(mkdir("full", 0755));
    put("full/x", "X");
    MUST(link("a", "a2"));
    MUST(symlink("d", "ld"));
    int afd = open("a", O_RDONLY);
    MUST(afd);

    REPORT("flags 8 (unknown)", rn("a", "c", 8));
    REPORT("flags 0x80000000", rn("a", "c", 0x80000000u));
    REPORT("NOREPLACE|EXCHANGE", rn("a", "b", RENAME_NOREPLACE | RENAME_EXCHANGE));
    REPORT("EXCHANGE|WHITEOUT", rn("a", "b", RENAME_EXCHANGE | RENAME_WHITEOUT));
    REPORT("NOREPLACE onto file", rn("a", "b", RENAME_NOREPLACE));
    REPORT("NOREPLACE onto dir", rn("e", "d", RENAME_NOREPLACE));
    REPORT("NOREPLACE onto symlink", rn("a", "ld", RENAME_NOREPLACE));
    REPORT("NOREPLACE onto itself", rn("a", "a", RENAME_NOREPLACE));
    REPORT("NOREPLACE missing source", rn("missing", "c", RENAME_NOREPLACE));
    REPORT("EXCHANGE missing target", rn("a", "missing", RENAME_EXCHANGE));
    REPORT("EXCHANGE missing source", rn("missing", "a", RENAME_EXCHANGE));
    REPORT("EXCHANGE both missing", rn("missing", "missing2", RENAME_EXCHANGE));
    REPORT("EXCHANGE dir into own subdir", rn("d", "d/sub", RENAME_EXCHANGE));
    REPORT("EXCHANGE file with its hard link", rn("a", "a2", RENAME_EXCHANGE));
    REPORT("EXCHANGE with itself", rn("a", "a", RENAME_EXCHANGE));
    REPORT("EXCHANGE file/ with dir", rn("a/", "e", RENAME_EXCHANGE));
    REPORT("dir onto file", rn("e", "a", 0));
    REPORT("file onto dir", rn("a", "e", 0));
    REPORT("file onto empty dir/", rn("a", "e/", 0));
    REPORT("dir into its own subdir", rn("d", "d/sub/x", 0));
    REPORT("dir onto its own subdir", rn("d", "d/sub", 0));
    REPORT("dir onto its parent's dot-dot", rn("d/sub", "d", 0));
    REPORT("dir onto non-empty dir", rn("e", "full", 0));
    REPORT("dir onto \".\"", rn("e", ".", 0));
    REPORT("\".\" onto new", rn(".", "newname", 0));
    REPORT("\"..\" onto new", rn("..", "newname", 0));
    REPORT("\"d/.\" onto new", rn("d/.", "newname", 0));
    REPORT("new onto \"d/..\"", rn("e", "d/..", 0));
    REPORT("\"/\" onto new", rn("/", "newname", 0));
    REPORT("file/ (trailing slash)", rn("a/", "c", 0));
    REPORT("file onto new/", rn("a", "c/", 0));
    REPORT("dir onto new/ (ok)", rn("e", "e2/", 0));
    REPORT("and back (ok)", rn("e2/", "e", 0));
    REPORT("symlink to dir with slash onto new", rn("ld/", "ld2", 0));
    REPORT("hard link onto its twin (no-op)", rn("a", "a2", 0));
    FACT("both names remain", lstat("a", &st) == 0 && lstat("a2", &st) == 0);
    REPORT("onto itself (no-op)", rn("a", "a", 0));
    REPORT("missing source", rn("missing", "c", 0));
    REPORT("missing target parent", rn("a", "missing/c", 0));
    REPORT("target parent is a file", rn("a", "b/c", 0));
    REPORT("empty source", rn("", "c", 0));
    REPORT("empty target", rn("a", "", 0));
    REPORT("bad old dirfd", syscall(SYS_renameat2, -1, "a", AT_FDCWD, "c", 0));
    REPORT("bad new dirfd", syscall(SYS_renameat2, AT_FDCWD, "a", 9999, "c", 0));
    REPORT("file as old dirfd", syscall(SYS_renameat2, afd, "x", AT_FDCWD, "c", 0));
    REPORT("file as new dirfd", syscall(SYS_renameat2, AT_FDCWD, "a", afd, "c", 0));
    REPORT("renameat (raw) dir onto file", syscall(SYS_renameat, AT_FDCWD, "e", AT_FDCWD, "b"));
    REPORT("rename (raw) dir onto non-empty", syscall(SYS_rename, "d", "full"));
    REPORT("EXCHANGE file and dir (ok)", rn("b", "e", RENAME_EXCHANGE));
    FACT("b is now a dir", stat("b", &st) == 0 && S_ISDIR(st.st_mode));
    FACT("e is now a file", stat("e", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("EXCHANGE dir with ancestor", rn("d", "d/sub", RENAME_EXCHANGE));
    REPORT("NOREPLACE to new (ok)", rn("a", "c", RENAME_NOREPLACE));
    show("c");
    show("a");
    close(afd);
    leave_scratch();
    return 0;
}
