// syscalls: lseek openat
// expect: same
/* lseek error paths: unknown whence, a negative result, SEEK_DATA/SEEK_HOLE at and past the
 * end (ENXIO), pipes (ESPIPE), bad and O_PATH descriptors, directories; resulting offsets. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

int main(void) {
    enter_scratch("err-lseek");
    put("f", "0123456789");
    MUST(mkdir("d", 0755));
    int fd = open("f", O_RDONLY);
    MUST(fd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    VALUE("whence 5", lseek(fd, 0, 5));
    VALUE("whence -1", lseek(fd, 0, -1));
    VALUE("whence 99", lseek(fd, 0, 99));
    VALUE("SEEK_SET 4", lseek(fd, 4, SEEK_SET));
    VALUE("SEEK_SET -1", lseek(fd, -1, SEEK_SET));
    VALUE("  offset unchanged", lseek(fd, 0, SEEK_CUR));
    VALUE("SEEK_CUR -5", lseek(fd, -5, SEEK_CUR));
    VALUE("SEEK_CUR -4", lseek(fd, -4, SEEK_CUR));
    VALUE("SEEK_END -11", lseek(fd, -11, SEEK_END));
    VALUE("SEEK_END -10", lseek(fd, -10, SEEK_END));
    VALUE("SEEK_END +5 (past end)", lseek(fd, 5, SEEK_END));
    /* (not LONG_MAX itself: the largest offset is the filesystem's, LONG_MAX on tmpfs) */
    VALUE("SEEK_SET 1<<40", lseek(fd, 1L << 40, SEEK_SET));
    VALUE("SEEK_CUR LONG_MAX (overflow)", lseek(fd, 0x7fffffffffffffffL, SEEK_CUR));
    VALUE("  offset unchanged", lseek(fd, 0, SEEK_CUR));
    VALUE("SEEK_END LONG_MAX (overflow)", lseek(fd, 0x7fffffffffffffffL, SEEK_END));
    VALUE("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
    VALUE("SEEK_DATA 9", lseek(fd, 9, SEEK_DATA));
    VALUE("SEEK_DATA 10 (at end)", lseek(fd, 10, SEEK_DATA));
    VALUE("SEEK_DATA 100", lseek(fd, 100, SEEK_DATA));
    VALUE("SEEK_DATA -1", lseek(fd, -1, SEEK_DATA));
    VALUE("SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
    VALUE("SEEK_HOLE 10 (at end)", lseek(fd, 10, SEEK_HOLE));
    VALUE("SEEK_HOLE 11", lseek(fd, 11, SEEK_HOLE));
    VALUE("SEEK_HOLE -1", lseek(fd, -1, SEEK_HOLE));
    VALUE("pipe SEEK_SET 0", lseek(pp[0], 0, SEEK_SET));
    VALUE("pipe SEEK_CUR 0", lseek(pp[1], 0, SEEK_CUR));
    VALUE("pipe bad whence", lseek(pp[0], 0, 99));
    VALUE("bad fd", lseek(9999, 0, SEEK_SET));
    VALUE("fd -1", lseek(-1, 0, SEEK_SET));
    VALUE("O_PATH fd", lseek(pfd, 0, SEEK_SET));
    VALUE("dir SEEK_SET 0", lseek(dfd, 0, SEEK_SET));
    VALUE("dir SEEK_SET -1", lseek(dfd, -1, SEEK_SET));
    VALUE("dir bad whence", lseek(dfd, 0, 99));
    VALUE("/dev/null SEEK_SET 123", ({ int n_ = open("/dev/null", O_RDONLY); long r_ = lseek(n_, 123, SEEK_SET); close(n_); r_; }));
    close(fd); close(pfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
