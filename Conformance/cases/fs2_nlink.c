// syscalls: link linkat unlink unlinkat mkdir rmdir rename newfstatat fstat openat close
// expect: same
/* Link counts: a file's st_nlink through link/unlink/rename, an open unlinked file (0), a
 * directory's 2 + subdirectories through mkdir/rmdir/rename between parents, symlinks (1),
 * linking a directory (EPERM), linking onto an existing name (EEXIST). */
#include "fs2_util.h"

static long nl(const char *p) {
    struct stat st;
    if (lstat(p, &st)) return -errno;
    return st.st_nlink;
}
#define NL(p) printf("  nlink %s: %ld\n", p, nl(p))

int main(void) {
    enter_scratch("fs2-nlink");
    put("f", "x");
    NL("f");
    REPORT("link f f2", link("f", "f2"));
    REPORT("link f f3", link("f", "f3"));
    NL("f"); NL("f3");
    REPORT("link f f2 again", link("f", "f2"));
    REPORT("linkat f sub/missing", linkat(AT_FDCWD, "f", AT_FDCWD, "sub/missing", 0));
    REPORT("rename f2 onto f3 (same inode)", rename("f2", "f3"));
    NL("f"); NL("f2"); NL("f3");
    REPORT("unlink f3", unlink("f3"));
    NL("f");
    put("other", "o");
    REPORT("rename f2 onto other", rename("f2", "other"));
    NL("f");
    int fd = open("f", O_RDONLY);
    MUST(fd);
    MUST(unlink("f"));
    MUST(unlink("other"));
    struct stat st;
    MUST(fstat(fd, &st));
    printf("  open fd after last unlink: nlink %ld\n", (long)st.st_nlink);
    close(fd);

    MUST(mkdir("d", 0755));
    NL("d");
    MUST(mkdir("d/a", 0755));
    MUST(mkdir("d/b", 0755));
    put("d/file", "x");
    NL("d");
    NL("d/a");
    MUST(mkdir("e", 0755));
    REPORT("rename d/a e/a", rename("d/a", "e/a"));
    NL("d"); NL("e");
    REPORT("rename d/b onto empty e/a", rename("d/b", "e/a"));
    NL("d"); NL("e");
    REPORT("rmdir e/a", rmdir("e/a"));
    NL("e");
    REPORT("link dir", link("d", "d2"));
    REPORT("linkat dir AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "d", AT_FDCWD, "d2", AT_SYMLINK_FOLLOW));
    MUST(symlink("d/file", "sl"));
    NL("sl");
    REPORT("link symlink (no follow)", linkat(AT_FDCWD, "sl", AT_FDCWD, "sl2", 0));
    FACT("  sl2 is a symlink", lstat("sl2", &st) == 0 && S_ISLNK(st.st_mode));
    NL("sl");
    REPORT("link symlink AT_SYMLINK_FOLLOW", linkat(AT_FDCWD, "sl", AT_FDCWD, "hard", AT_SYMLINK_FOLLOW));
    NL("d/file");
    FACT("  hard is a regular file", lstat("hard", &st) == 0 && S_ISREG(st.st_mode));
    REPORT("unlinkat dir without AT_REMOVEDIR", unlinkat(AT_FDCWD, "e", 0));
    REPORT("unlinkat file with AT_REMOVEDIR", unlinkat(AT_FDCWD, "hard", AT_REMOVEDIR));
    REPORT("unlinkat e AT_REMOVEDIR", unlinkat(AT_FDCWD, "e", AT_REMOVEDIR));
    NL(".");
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(unlink("d/file"));
    MUST(unlink("hard"));
    MUST(rmdir("d"));
    MUST(fstat(dfd, &st));
    printf("  removed dir fd: nlink %ld\n", (long)st.st_nlink);
    close(dfd);
    put("many", "m");
    char p[32];
    for (int i = 0; i < 200; i++) { snprintf(p, sizeof p, "l%03d", i); MUST(link("many", p)); }
    NL("many");
    for (int i = 0; i < 200; i += 2) { snprintf(p, sizeof p, "l%03d", i); MUST(unlink(p)); }
    NL("many");
    leave_scratch();
    return 0;
}
