// syscalls: readlinkat readlink
// expect: same
/* readlinkat error paths: not a symlink (file, dir), bufsiz 0 and negative, truncation to
 * small buffers (no NUL added), an empty path on an O_PATH|O_NOFOLLOW symlink descriptor and
 * on other descriptors, trailing slashes, bad dirfds. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static void rla(const char *label, int dirfd, const char *p, long size) {
    char buf[64];
    memset(buf, '#', sizeof buf);
    errno = 0;
    long n = syscall(SYS_readlinkat, dirfd, p, buf, size);
    if (n < 0) printf("%s: %s\n", label, errname(errno));
    else printf("%s: %ld \"%.*s\" next byte '%c'\n", label, n, (int)n, buf, buf[n]);
}

int main(void) {
    enter_scratch("err-readlink");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("target-text", "l"));
    MUST(symlink("d", "ld"));
    MUST(symlink("l", "ll"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int lfd = open("l", O_PATH | O_NOFOLLOW);
    MUST(lfd);
    int fpfd = open("f", O_PATH);
    MUST(fpfd);
    rla("regular file", AT_FDCWD, "f", 64);
    rla("directory", AT_FDCWD, "d", 64);
    rla("symlink", AT_FDCWD, "l", 64);
    rla("symlink to symlink (not followed)", AT_FDCWD, "ll", 64);
    rla("bufsiz 0", AT_FDCWD, "l", 0);
    rla("bufsiz 0 on a file", AT_FDCWD, "f", 0);
    rla("bufsiz -1", AT_FDCWD, "l", -1);
    rla("bufsiz 1", AT_FDCWD, "l", 1);
    rla("bufsiz 6", AT_FDCWD, "l", 6);
    rla("bufsiz 11 (exact)", AT_FDCWD, "l", 11);
    rla("bufsiz 12", AT_FDCWD, "l", 12);
    rla("missing", AT_FDCWD, "missing", 64);
    rla("missing/x", AT_FDCWD, "missing/x", 64);
    rla("f/x", AT_FDCWD, "f/x", 64);
    rla("l/ (trailing slash follows: dangling)", AT_FDCWD, "l/", 64);
    rla("ld/ (trailing slash follows: dir)", AT_FDCWD, "ld/", 64);
    rla("empty path, AT_FDCWD", AT_FDCWD, "", 64);
    rla("empty path, O_PATH symlink fd", lfd, "", 64);
    rla("empty path, O_PATH symlink fd, bufsiz 3", lfd, "", 3);
    rla("empty path, O_PATH symlink fd, bufsiz 0", lfd, "", 0);
    rla("empty path, file fd", ffd, "", 64);
    rla("empty path, O_PATH file fd", fpfd, "", 64);
    rla("empty path, dir fd", dfd, "", 64);
    rla("empty path, bad fd", 9999, "", 64);
    rla("dirfd -1", -1, "l", 64);
    rla("file dirfd", ffd, "l", 64);
    rla("symlink fd as dirfd", lfd, "x", 64);
    rla("dir dirfd, ../l", dfd, "../l", 64);
    rla("\".\"", AT_FDCWD, ".", 64);
    rla("\"/\"", AT_FDCWD, "/", 64);
    errno = 0;
    char b8[8];
    long n = syscall(SYS_readlink, "l", b8, 8L);
    printf("readlink (raw) bufsiz 8: %ld %s\n", n, n < 0 ? errname(errno) : "");
    n = syscall(SYS_readlink, "f", b8, 8L);
    printf("readlink (raw) file: %ld %s\n", n, n < 0 ? errname(errno) : "");
    close(ffd); close(dfd); close(lfd); close(fpfd);
    leave_scratch();
    return 0;
}
