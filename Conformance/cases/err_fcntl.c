// syscalls: fcntl openat dup
// expect: same
/* fcntl error paths and F_GETFL: F_DUPFD with negative and too-large minimums, unknown
 * commands, bad and O_PATH descriptors, F_SETFL (O_APPEND, O_NONBLOCK set; access mode,
 * O_CREAT, O_TRUNC ignored), and F_GETFL of many kinds of opens (printed in octal; open-time
 * flags such as O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW, O_CLOEXEC never show). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <sys/resource.h>

static void fl(const char *label, const char *p, int flags) {
    int fd = open(p, flags, 0600);
    if (fd < 0) { printf("%-34s open: %s\n", label, errname(errno)); return; }
    long f = fcntl(fd, F_GETFL);
    long d = fcntl(fd, F_GETFD);
    printf("%-34s F_GETFL %lo F_GETFD %ld\n", label, f, d);
    close(fd);
}

int main(void) {
    enter_scratch("err-fcntl");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    struct rlimit rl;
    MUST(getrlimit(RLIMIT_NOFILE, &rl));
    int fd = open("f", O_RDWR);
    MUST(fd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    VALUE("F_DUPFD -1", fcntl(fd, F_DUPFD, -1));
    VALUE("F_DUPFD rlimit", fcntl(fd, F_DUPFD, (long)rl.rlim_cur));
    VALUE("F_DUPFD INT_MAX", fcntl(fd, F_DUPFD, 0x7fffffff));
    VALUE("F_DUPFD_CLOEXEC -1", fcntl(fd, F_DUPFD_CLOEXEC, -1));
    long nfd = fcntl(fd, F_DUPFD, 100);
    printf("F_DUPFD 100 gives 100: %s\n", nfd == 100 ? "yes" : "no");
    printf("  its F_GETFD: %d\n", fcntl(100, F_GETFD));
    close(100);
    nfd = fcntl(fd, F_DUPFD_CLOEXEC, 100);
    printf("F_DUPFD_CLOEXEC 100 gives 100: %s, F_GETFD %d\n", nfd == 100 ? "yes" : "no", fcntl(100, F_GETFD));
    close(100);
    VALUE("F_DUPFD bad fd", syscall(SYS_fcntl, 9999, F_DUPFD, 0));
    VALUE("F_GETFL bad fd", syscall(SYS_fcntl, 9999, F_GETFL));
    VALUE("F_GETFL -1", syscall(SYS_fcntl, -1, F_GETFL));
    VALUE("unknown command 9999", syscall(SYS_fcntl, fd, 9999, 0));
    VALUE("unknown command -1", syscall(SYS_fcntl, fd, -1, 0));
    VALUE("F_SETFD 0xff", syscall(SYS_fcntl, fd, F_SETFD, 0xff));
    VALUE("  F_GETFD after", syscall(SYS_fcntl, fd, F_GETFD));
    VALUE("F_SETFD 0", syscall(SYS_fcntl, fd, F_SETFD, 0));
    printf("F_GETFL O_RDWR: %lo\n", (long)fcntl(fd, F_GETFL));
    VALUE("F_SETFL O_APPEND", syscall(SYS_fcntl, fd, F_SETFL, O_APPEND));
    printf("  F_GETFL: %lo\n", (long)fcntl(fd, F_GETFL));
    VALUE("F_SETFL O_APPEND|O_NONBLOCK|O_WRONLY|O_CREAT|O_TRUNC|O_EXCL", syscall(SYS_fcntl, fd, F_SETFL, O_APPEND | O_NONBLOCK | O_WRONLY | O_CREAT | O_TRUNC | O_EXCL));
    printf("  F_GETFL: %lo\n", (long)fcntl(fd, F_GETFL));
    VALUE("F_SETFL 0", syscall(SYS_fcntl, fd, F_SETFL, 0));
    printf("  F_GETFL: %lo\n", (long)fcntl(fd, F_GETFL));
    VALUE("F_SETFL O_NOATIME", syscall(SYS_fcntl, fd, F_SETFL, O_NOATIME));
    syscall(SYS_fcntl, fd, F_SETFL, 0);
    VALUE("F_GETFL O_PATH fd", syscall(SYS_fcntl, pfd, F_GETFL));
    VALUE("F_GETFD O_PATH fd", syscall(SYS_fcntl, pfd, F_GETFD));
    VALUE("F_SETFL O_PATH fd", syscall(SYS_fcntl, pfd, F_SETFL, O_APPEND));
    VALUE("F_DUPFD O_PATH fd >= 0", syscall(SYS_fcntl, pfd, F_DUPFD, 0) >= 0 ? 0 : -1);
    VALUE("F_GETLK O_PATH fd", syscall(SYS_fcntl, pfd, F_GETLK, &(struct flock){ .l_type = F_RDLCK }));
    VALUE("F_SETLK F_WRLCK on O_RDONLY fd", ({ int r_ = open("f", O_RDONLY); long x_ = fcntl(r_, F_SETLK, &(struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET }); int e_ = errno; close(r_); errno = e_; x_; }));
    VALUE("F_SETLK bad l_type", syscall(SYS_fcntl, fd, F_SETLK, &(struct flock){ .l_type = 77 }));
    VALUE("F_SETLK bad l_whence", syscall(SYS_fcntl, fd, F_SETLK, &(struct flock){ .l_type = F_RDLCK, .l_whence = 9 }));
    VALUE("F_GETLK NULL", syscall(SYS_fcntl, fd, F_GETLK, NULL));
    VALUE("F_SETPIPE_SZ on a file", syscall(SYS_fcntl, fd, F_SETPIPE_SZ, 4096));
    VALUE("F_GETPIPE_SZ on a file", syscall(SYS_fcntl, fd, F_GETPIPE_SZ));
    VALUE("F_GETOWN on a file", syscall(SYS_fcntl, fd, F_GETOWN));
    /* seals: not on a regular file here, whose answer is its filesystem's (tmpfs files
     * have them, ext4 files do not), but on /dev/null */
    int nfd_ = open("/dev/null", O_RDWR);
    VALUE("F_GET_SEALS on /dev/null", syscall(SYS_fcntl, nfd_, F_GET_SEALS));
    VALUE("F_ADD_SEALS on /dev/null", syscall(SYS_fcntl, nfd_, F_ADD_SEALS, F_SEAL_WRITE));
    close(nfd_);
    close(fd); close(pfd);
    fl("O_RDONLY", "f", O_RDONLY);
    fl("O_WRONLY", "f", O_WRONLY);
    fl("O_RDWR", "f", O_RDWR);
    fl("O_RDONLY|O_NOFOLLOW", "f", O_RDONLY | O_NOFOLLOW);
    fl("O_RDONLY|O_CLOEXEC", "f", O_RDONLY | O_CLOEXEC);
    fl("O_WRONLY|O_CREAT|O_TRUNC", "f", O_WRONLY | O_CREAT | O_TRUNC);
    fl("O_WRONLY|O_CREAT|O_EXCL", "new", O_WRONLY | O_CREAT | O_EXCL);
    fl("O_RDWR|O_APPEND", "f", O_RDWR | O_APPEND);
    fl("O_RDONLY|O_NONBLOCK", "f", O_RDONLY | O_NONBLOCK);
    fl("O_RDONLY|O_SYNC", "f", O_RDONLY | O_SYNC);
    fl("O_RDONLY|O_DSYNC", "f", O_RDONLY | O_DSYNC);
    fl("O_RDONLY|O_NOCTTY", "f", O_RDONLY | O_NOCTTY);
    fl("O_RDONLY|O_NOATIME", "f", O_RDONLY | O_NOATIME);
    fl("O_RDONLY|O_ASYNC", "f", O_RDONLY | O_ASYNC);
    fl("O_RDONLY|O_DIRECTORY dir", "d", O_RDONLY | O_DIRECTORY);
    fl("O_RDONLY dir", "d", O_RDONLY);
    fl("O_PATH", "f", O_PATH);
    fl("O_PATH|O_NOFOLLOW symlink", "lf", O_PATH | O_NOFOLLOW);
    fl("O_PATH|O_DIRECTORY|O_CLOEXEC", "d", O_PATH | O_DIRECTORY | O_CLOEXEC);
    fl("O_PATH|O_RDWR|O_APPEND (ignored)", "f", O_PATH | O_RDWR | O_APPEND);
    fl("O_TMPFILE|O_RDWR", "d", O_TMPFILE | O_RDWR);
    fl("access mode 3", "f", 3);
    fl("O_RDONLY|O_TRUNC", "f", O_RDONLY | O_TRUNC);
    fl("/dev/null O_WRONLY|O_APPEND", "/dev/null", O_WRONLY | O_APPEND);
    leave_scratch();
    return 0;
}
