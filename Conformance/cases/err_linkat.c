// syscalls: linkat link
// expect: same
/* linkat error paths: a directory (EPERM), an existing target, unknown flags, missing source,
 * trailing slashes, AT_SYMLINK_FOLLOW on dangling and good symlinks, links to symlinks, bad
 * dirfds, empty paths without AT_EMPTY_PATH. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long lk(const char *a, const char *b, int flags) {
    return syscall(SYS_linkat, AT_FDCWD, a, AT_FDCWD, b, flags);
}

int main(void) {
    enter_scratch("err-linkat");
    struct stat st;
    put("f", "x");
    put("g", "y");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    REPORT("directory", lk("d", "d2", 0));
    REPORT("directory AT_SYMLINK_FOLLOW via symlink", lk("ld", "d3", AT_SYMLINK_FOLLOW));
    REPORT("\".\"", lk(".", "dot", 0));
    REPORT("existing target", lk("f", "g", 0));
    REPORT("existing target is a dir", lk("f", "d", 0));
    REPORT("existing target is itself", lk("f", "f", 0));
    REPORT("target is dangling symlink", lk("f", "dangling", 0));
    REPORT("flags 0x200 (AT_REMOVEDIR)", lk("f", "h", AT_REMOVEDIR));
    REPORT("flags 0x100 (AT_SYMLINK_NOFOLLOW)", lk("f", "h", AT_SYMLINK_NOFOLLOW));
    REPORT("flags -1", lk("f", "h", -1));
    FACT("h not made", lstat("h", &st) != 0);
    REPORT("missing source", lk("missing", "h", 0));
    REPORT("missing target dir", lk("f", "missing/h", 0));
    REPORT("target dir is a file", lk("f", "g/h", 0));
    REPORT("source f/", lk("f/", "h", 0));
    REPORT("target h/", lk("f", "h/", 0));
    REPORT("dangling AT_SYMLINK_FOLLOW", lk("dangling", "h", AT_SYMLINK_FOLLOW));
    REPORT("dangling, no follow (links the symlink)", lk("dangling", "h1", 0));
    FACT("h1 is a symlink", lstat("h1", &st) == 0 && S_ISLNK(st.st_mode));
    REPORT("lf AT_SYMLINK_FOLLOW", lk("lf", "h2", AT_SYMLINK_FOLLOW));
    FACT("h2 is a regular file", lstat("h2", &st) == 0 && S_ISREG(st.st_mode));
    printf("f link count: %ld\n", stat("f", &st) == 0 ? (long)st.st_nlink : -1L);
    REPORT("lf, no follow", lk("lf", "h3", 0));
    FACT("h3 is a symlink", lstat("h3", &st) == 0 && S_ISLNK(st.st_mode));
    REPORT("empty source, no AT_EMPTY_PATH", lk("", "h4", 0));
    REPORT("empty target", lk("f", "", 0));
    REPORT("fd source, empty path, no flag", syscall(SYS_linkat, ffd, "", AT_FDCWD, "h5", 0));
    REPORT("bad old dirfd", syscall(SYS_linkat, -1, "f", AT_FDCWD, "h6", 0));
    REPORT("bad new dirfd", syscall(SYS_linkat, AT_FDCWD, "f", 9999, "h6", 0));
    REPORT("file as old dirfd", syscall(SYS_linkat, ffd, "x", AT_FDCWD, "h6", 0));
    REPORT("file as new dirfd", syscall(SYS_linkat, AT_FDCWD, "f", ffd, "h6", 0));
    REPORT("link (raw) dir", syscall(SYS_link, "d", "d4"));
    REPORT("link (raw) existing", syscall(SYS_link, "f", "g"));
    REPORT("link (raw) symlink to dir (links the symlink)", syscall(SYS_link, "ld", "h7"));
    FACT("h7 is a symlink", lstat("h7", &st) == 0 && S_ISLNK(st.st_mode));
    close(ffd);
    leave_scratch();
    return 0;
}
