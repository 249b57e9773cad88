// syscalls: access newfstatat openat
// expect: same
/* Trailing-slash and dot rules for a regular file, seen through access, stat and open:
 * "f/", "f//", "f/.", "f/..", "lf/" (symlink to the file) are ENOTDIR; "d/", "d/.", "ld/"
 * work; a dangling symlink with a slash is ENOENT; bad access modes are EINVAL. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static void all(const char *p) {
    struct stat st;
    printf("%s:\n", p);
    REPORT("  access F_OK", syscall(SYS_access, p, F_OK));
    REPORT("  access R_OK|W_OK", syscall(SYS_access, p, R_OK | W_OK));
    REPORT("  stat", stat(p, &st));
    REPORT("  lstat", lstat(p, &st));
    OPEN("  open O_RDONLY", open(p, O_RDONLY));
    OPEN("  open O_PATH", open(p, O_PATH));
    OPEN("  open O_CREAT", open(p, O_CREAT | O_WRONLY, 0600));
}

int main(void) {
    enter_scratch("err-access");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    MUST(mkfifo("p", 0600));
    all("f/");
    all("f//");
    all("f/.");
    all("f/..");
    all("f/./");
    all("lf/");
    all("p/");
    all("d/");
    all("d/.");
    all("d//..");
    all("ld/");
    all("dangling/");
    all("missing/");
    REPORT("access mode 8", syscall(SYS_access, "f", 8));
    REPORT("access mode 0x100", syscall(SYS_access, "f", 0x100));
    REPORT("access mode 8 on missing", syscall(SYS_access, "missing", 8));
    REPORT("access mode 8 on f/", syscall(SYS_access, "f/", 8));
    REPORT("access X_OK on 0644 file", syscall(SYS_access, "f", X_OK));
    REPORT("access X_OK on dir", syscall(SYS_access, "d", X_OK));
    leave_scratch();
    return 0;
}
