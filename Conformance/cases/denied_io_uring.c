// syscalls: io_uring_setup io_uring_enter io_uring_register
// expect: differs natively (io_uring_setup succeeds when the host enables it); the sandbox denies it
// expect-sandbox: io_uring_setup: EPERM
// expect-sandbox: io_uring_enter: EPERM
// expect-sandbox: io_uring_register: EPERM
#include "common.h"
#include <linux/io_uring.h>
#include <sys/syscall.h>

int main(void) {
    struct io_uring_params params;
    memset(&params, 0, sizeof params);
    long fd = syscall(SYS_io_uring_setup, 4, &params);
    printf("io_uring_setup: %s\n", fd >= 0 ? "ok" : errname(errno));
    if (fd >= 0) close(fd);
    /* fd -1: EBADF natively, EPERM in the sandbox. */
    REPORT("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0));
    REPORT("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0));
    return 0;
}
