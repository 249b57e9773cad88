// syscalls: renameat2 chdir getcwd rmdir openat
// expect: same
/* Names that are not entries, and directories that are gone: renameat2 onto "dir/." is EBUSY, or
 * EEXIST with RENAME_NOREPLACE; chdir through /proc/self/fd/N of a removed directory works (and
 * getcwd then says ENOENT); chdir(".") inside it stays there. */
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void) {
    char top[] = "/tmp/conf-dots-XXXXXX", path[160];
    MUST(mkdtemp(top) ? 0 : -1);
    MUST(chdir(top));
    MUST(mkdir("d", 0755));
    int f = open("f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    MUST(f);
    close(f);
    REPORT("renameat2 f -> d/. NOREPLACE", renameat2(AT_FDCWD, "f", AT_FDCWD, "d/.", RENAME_NOREPLACE));
    REPORT("renameat2 f -> d/. 0", renameat2(AT_FDCWD, "f", AT_FDCWD, "d/.", 0));
    REPORT("renameat2 f -> d/.. NOREPLACE", renameat2(AT_FDCWD, "f", AT_FDCWD, "d/..", RENAME_NOREPLACE));
    REPORT("renameat2 d/. -> g NOREPLACE", renameat2(AT_FDCWD, "d/.", AT_FDCWD, "g", RENAME_NOREPLACE));

    MUST(mkdir("p", 0755));
    MUST(mkdir("p/c", 0755));
    int c = open("p/c", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(c);
    MUST(rmdir("p/c"));
    MUST(rmdir("p"));
    snprintf(path, sizeof path, "/proc/self/fd/%d", c);
    REPORT("chdir via /proc/self/fd of a removed directory", chdir(path));
    char cwd[256];
    REPORT("getcwd there", getcwd(cwd, sizeof cwd) ? 0 : -1);
    REPORT("chdir . there", chdir("."));
    REPORT("chdir ./. there", chdir("./."));
    REPORT("open . there", open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    REPORT("mkdir x there", mkdir("x", 0755));
    REPORT("fchdir back to top", ({ int t = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC); int r = fchdir(t); close(t); r; }));
    unlink("f"); rmdir("d");
    MUST(chdir("/"));
    rmdir(top);
    return 0;
}
