// syscalls: io_setup io_submit io_getevents io_pgetevents io_cancel io_destroy openat pwrite64 close unlinkat
// expect: same
#include "common.h"
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

/* Linux native AIO on a regular file: submit a write and a read, reap both, errors. */
int main(void) {
    aio_context_t ctx = 0;
    REPORT("io_setup 8", syscall(SYS_io_setup, 8, &ctx));
    aio_context_t bad = 0;
    REPORT("io_setup 0 events", syscall(SYS_io_setup, 0, &bad));
    aio_context_t nz = 1;
    REPORT("io_setup nonzero ctx", syscall(SYS_io_setup, 8, &nz));
    char path[] = "/tmp/sys2_aio_XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    static char wbuf[16] = "async-data";
    static char rbuf[16];
    struct iocb w = { .aio_data = 11, .aio_lio_opcode = IOCB_CMD_PWRITE, .aio_fildes = fd,
                      .aio_buf = (uintptr_t)wbuf, .aio_nbytes = 10, .aio_offset = 0 };
    struct iocb *list[1] = { &w };
    printf("io_submit write: %ld\n", syscall(SYS_io_submit, ctx, 1, list));
    struct io_event ev[2];
    struct timespec to = { 2, 0 };
    long n = syscall(SYS_io_getevents, ctx, 1, 2, ev, &to);
    printf("io_getevents: %ld data %llu res %lld\n", n, (unsigned long long)ev[0].data, (long long)ev[0].res);
    struct iocb r = { .aio_data = 22, .aio_lio_opcode = IOCB_CMD_PREAD, .aio_fildes = fd,
                      .aio_buf = (uintptr_t)rbuf, .aio_nbytes = 16, .aio_offset = 0 };
    list[0] = &r;
    printf("io_submit read: %ld\n", syscall(SYS_io_submit, ctx, 1, list));
    n = syscall(SYS_io_pgetevents, ctx, 1, 2, ev, &to, NULL);
    printf("io_pgetevents: %ld data %llu res %lld %s\n", n, (unsigned long long)ev[0].data, (long long)ev[0].res, rbuf);
    struct timespec zero = { 0, 0 };
    printf("io_getevents nothing pending: %ld\n", syscall(SYS_io_getevents, ctx, 0, 2, ev, &zero));
    REPORT("io_getevents min > nr", syscall(SYS_io_getevents, ctx, 3, 2, ev, &zero));
    REPORT("io_cancel completed", syscall(SYS_io_cancel, ctx, &r, ev));
    struct iocb badop = { .aio_lio_opcode = 99, .aio_fildes = fd };
    list[0] = &badop;
    REPORT("io_submit bad opcode", syscall(SYS_io_submit, ctx, 1, list));
    struct iocb badfd = { .aio_lio_opcode = IOCB_CMD_PREAD, .aio_fildes = 999, .aio_buf = (uintptr_t)rbuf, .aio_nbytes = 1 };
    list[0] = &badfd;
    REPORT("io_submit bad fd", syscall(SYS_io_submit, ctx, 1, list));
    REPORT("io_submit bad ctx", syscall(SYS_io_submit, 12345, 1, list));
    REPORT("io_destroy", syscall(SYS_io_destroy, ctx));
    REPORT("io_destroy again", syscall(SYS_io_destroy, ctx));
    REPORT("io_getevents destroyed", syscall(SYS_io_getevents, ctx, 0, 1, ev, &zero));
    close(fd);
    unlink(path);
    return 0;
}
