// syscalls: getcwd chdir
// expect: same
/* getcwd error paths with the raw syscall: size 0, too small by one, exact, NULL buffer,
 * a bad pointer, a removed cwd; the return value is the length including the NUL. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

#define DIR_ "/tmp/conf-err-getcwd-fixed"

int main(void) {
    char buf[512];
    struct stat st;
    umask(022);
    if (stat(DIR_, &st) == 0) rmdir(DIR_ "/gone"), rmdir(DIR_);
    MUST(mkdir(DIR_, 0755));
    MUST(chdir(DIR_));
    long len = strlen(DIR_) + 1;
    VALUE("size 0", syscall(SYS_getcwd, buf, 0L));
    VALUE("size 1", syscall(SYS_getcwd, buf, 1L));
    VALUE("size len-1 (too small)", syscall(SYS_getcwd, buf, len - 1));
    memset(buf, '#', sizeof buf);
    VALUE("size len (exact)", syscall(SYS_getcwd, buf, len));
    printf("  buf \"%s\"\n", buf);
    VALUE("size 512", syscall(SYS_getcwd, buf, 512L));
    VALUE("size -1", syscall(SYS_getcwd, buf, -1L));
    VALUE("NULL buffer, size 512", syscall(SYS_getcwd, NULL, 512L));
    VALUE("NULL buffer, size 0", syscall(SYS_getcwd, NULL, 0L));
    VALUE("buffer (char *)1", syscall(SYS_getcwd, (char *)1, 512L));
    MUST(chdir("/"));
    VALUE("at /, size 1", syscall(SYS_getcwd, buf, 1L));
    VALUE("at /, size 2", syscall(SYS_getcwd, buf, 2L));
    printf("  buf \"%s\"\n", buf);
    MUST(mkdir(DIR_ "/gone", 0755));
    MUST(chdir(DIR_ "/gone"));
    MUST(rmdir(DIR_ "/gone"));
    VALUE("removed cwd", syscall(SYS_getcwd, buf, 512L));
    VALUE("removed cwd, size 1", syscall(SYS_getcwd, buf, 1L));
    errno = 0;
    char *r = getcwd(buf, sizeof buf);
    printf("glibc getcwd removed cwd: %s\n", r ? "ok" : errname(errno));
    MUST(chdir(DIR_));
    errno = 0;
    r = getcwd(NULL, 0);
    printf("glibc getcwd(NULL, 0): %s\n", r ? r : errname(errno));
    free(r);
    r = getcwd(buf, 3);
    printf("glibc getcwd(buf, 3): %s\n", r ? r : errname(errno));
    MUST(chdir("/"));
    MUST(rmdir(DIR_));
    FACT("cleaned up", stat(DIR_, &st) != 0);
    return 0;
}
