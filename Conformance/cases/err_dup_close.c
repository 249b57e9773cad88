// syscalls: close dup dup2 dup3 close_range
// expect: same
/* close/dup error paths: closing bad and already-closed descriptors, dup of bad fds, dup2 onto
 * itself (returns it), dup2/dup3 onto out-of-range numbers, dup3 onto itself and with unknown
 * flags (EINVAL), close_range with first > last and unknown flags. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <linux/close_range.h>
#include <sys/resource.h>

int main(void) {
    struct rlimit rl;
    MUST(getrlimit(RLIMIT_NOFILE, &rl));
    int fd = open("/dev/null", O_RDONLY);
    MUST(fd);
    VALUE("close -1", syscall(SYS_close, -1));
    VALUE("close 9999", syscall(SYS_close, 9999));
    VALUE("close INT_MAX", syscall(SYS_close, 0x7fffffff));
    VALUE("dup -1", syscall(SYS_dup, -1));
    VALUE("dup 9999", syscall(SYS_dup, 9999));
    VALUE("dup2 fd onto itself == fd", syscall(SYS_dup2, fd, fd) == fd ? 0 : -1);
    VALUE("dup2 bad onto itself", syscall(SYS_dup2, 9999, 9999));
    VALUE("dup2 bad oldfd", syscall(SYS_dup2, 9999, 50));
    VALUE("dup2 newfd -1", syscall(SYS_dup2, fd, -1));
    VALUE("dup2 newfd rlimit", syscall(SYS_dup2, fd, (long)rl.rlim_cur));
    VALUE("dup2 newfd INT_MAX", syscall(SYS_dup2, fd, 0x7fffffff));
    VALUE("dup3 onto itself", syscall(SYS_dup3, fd, fd, 0));
    VALUE("dup3 onto itself O_CLOEXEC", syscall(SYS_dup3, fd, fd, O_CLOEXEC));
    VALUE("dup3 bad flags", syscall(SYS_dup3, fd, 60, O_NONBLOCK));
    VALUE("dup3 flags -1", syscall(SYS_dup3, fd, 60, -1));
    VALUE("dup3 bad oldfd", syscall(SYS_dup3, 9999, 60, 0));
    VALUE("dup3 newfd -1", syscall(SYS_dup3, fd, -1, 0));
    VALUE("dup3 newfd rlimit", syscall(SYS_dup3, fd, (long)rl.rlim_cur, 0));
    VALUE("dup3 to 60 O_CLOEXEC == 60", syscall(SYS_dup3, fd, 60, O_CLOEXEC) == 60 ? 0 : -1);
    VALUE("  F_GETFD", fcntl(60, F_GETFD));
    VALUE("dup2 to 60 again == 60 (clears cloexec)", syscall(SYS_dup2, fd, 60) == 60 ? 0 : -1);
    VALUE("  F_GETFD", fcntl(60, F_GETFD));
    VALUE("close 60", syscall(SYS_close, 60));
    VALUE("close 60 again", syscall(SYS_close, 60));
    VALUE("close_range first > last", syscall(SYS_close_range, 70, 60, 0));
    VALUE("close_range unknown flags", syscall(SYS_close_range, 60, 70, 0x80));
    VALUE("close_range empty range ok", syscall(SYS_close_range, 200, 300, 0));
    MUST(dup2(fd, 61));
    MUST(dup2(fd, 62));
    VALUE("close_range CLOSE_RANGE_CLOEXEC 61..61", syscall(SYS_close_range, 61, 61, CLOSE_RANGE_CLOEXEC));
    VALUE("  F_GETFD 61", fcntl(61, F_GETFD));
    VALUE("close_range 61..62", syscall(SYS_close_range, 61, 62, 0));
    VALUE("  F_GETFD 61", fcntl(61, F_GETFD));
    VALUE("  F_GETFD 62", fcntl(62, F_GETFD));
    VALUE("close fd", syscall(SYS_close, fd));
    VALUE("close fd again", syscall(SYS_close, fd));
    VALUE("dup closed fd", syscall(SYS_dup, fd));
    return 0;
}
