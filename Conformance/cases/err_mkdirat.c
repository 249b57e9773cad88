// syscalls: mkdirat mkdir
// expect: same
/* mkdirat error paths: existing names of every kind, missing parent, trailing slashes,
 * "." and "..", a file in the middle, bad and non-directory dirfds, empty path, long names. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <linux/limits.h>

static long md(int dirfd, const char *p, int mode) { return syscall(SYS_mkdirat, dirfd, p, mode); }

int main(void) {
    enter_scratch("err-mkdirat");
    struct stat st;
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    REPORT("existing dir", md(AT_FDCWD, "d", 0755));
    REPORT("existing file", md(AT_FDCWD, "f", 0755));
    REPORT("existing symlink to dir", md(AT_FDCWD, "ld", 0755));
    REPORT("dangling symlink", md(AT_FDCWD, "dangling", 0755));
    FACT("dangling target not created", lstat("nowhere", &st) != 0);
    REPORT("dangling symlink with slash", md(AT_FDCWD, "dangling/", 0755));
    REPORT("missing parent", md(AT_FDCWD, "missing/x", 0755));
    REPORT("file as parent", md(AT_FDCWD, "f/x", 0755));
    REPORT("trailing slash, new", md(AT_FDCWD, "n1/", 0755));
    FACT("n1 is a dir", stat("n1", &st) == 0 && S_ISDIR(st.st_mode));
    REPORT("trailing slashes, new", md(AT_FDCWD, "n2///", 0755));
    REPORT("trailing slash, existing file", md(AT_FDCWD, "f/", 0755));
    REPORT("trailing slash, existing dir", md(AT_FDCWD, "d/", 0755));
    REPORT("\".\"", md(AT_FDCWD, ".", 0755));
    REPORT("\"..\"", md(AT_FDCWD, "..", 0755));
    REPORT("\"d/.\"", md(AT_FDCWD, "d/.", 0755));
    REPORT("\"d/..\"", md(AT_FDCWD, "d/..", 0755));
    REPORT("\"new/.\"", md(AT_FDCWD, "new/.", 0755));
    REPORT("\"/\"", md(AT_FDCWD, "/", 0755));
    REPORT("empty path", md(AT_FDCWD, "", 0755));
    REPORT("empty path, dirfd", md(dfd, "", 0755));
    REPORT("dirfd -1", md(-1, "x", 0755));
    REPORT("dirfd 9999", md(9999, "x", 0755));
    REPORT("file dirfd", md(ffd, "x", 0755));
    REPORT("dir dirfd, new", md(dfd, "inner", 0755));
    FACT("d/inner exists", stat("d/inner", &st) == 0);
    REPORT("dir dirfd, existing", md(dfd, "inner", 0755));
    REPORT("dir dirfd, \"../d\"", md(dfd, "../d", 0755));
    char name[NAME_MAX + 2];
    memset(name, 'm', NAME_MAX + 1);
    name[NAME_MAX + 1] = 0;
    REPORT("256-byte name", md(AT_FDCWD, name, 0755));
    name[NAME_MAX] = 0;
    REPORT("255-byte name", md(AT_FDCWD, name, 0755));
    REPORT("mode with S_IFREG bits", md(AT_FDCWD, "typed", S_IFREG | 0755));
    printf("typed is a dir with mode %o\n", stat("typed", &st) == 0 && S_ISDIR(st.st_mode) ? (unsigned)(st.st_mode & 07777) : 0u);
    REPORT("mode 07777", md(AT_FDCWD, "allbits", 07777));
    printf("allbits mode under umask 022: %o\n", stat("allbits", &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0u);
    REPORT("mkdir (raw) existing", syscall(SYS_mkdir, "d", 0755));
    REPORT("mkdir (raw) ld/ (through symlink)", syscall(SYS_mkdir, "ld/", 0755));
    close(ffd);
    close(dfd);
    leave_scratch();
    return 0;
}
