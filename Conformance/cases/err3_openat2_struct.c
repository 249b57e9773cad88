// syscalls: openat2
// expect: same
/* openat2's struct open_how at the edge of a mapping and the order of its checks: the size
 * (EINVAL below 24, E2BIG above a page) before the copy (EFAULT, also for a zero tail that runs
 * over the edge), a non-zero tail (E2BIG) before the flags, mode and resolve checks (EINVAL,
 * EAGAIN for RESOLVE_CACHED with O_CREAT), all of them before the path is copied or the dirfd
 * looked at; full-range flags (bits above 32, -1), modes (bits above 07777), a 4096-byte struct
 * with and without a non-zero last byte. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long oa2(int dirfd, const char *p, const void *how, long size) {
    return syscall(SYS_openat2, dirfd, p, how, size);
}

static long oa(int dirfd, const char *p, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return oa2(dirfd, p, &how, sizeof how);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    char *m2 = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m2 == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m2 + 4096, 4096, PROT_NONE));
    char *pedge = m2 + 4096;
    pedge[-1] = 'f';                          /* "f" with no NUL before the edge */
    enter_scratch("err3-openat2");
    put("f", "x");
    MUST(mkdir("d", 0755));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dpath = open("d", O_PATH);
    MUST(dpath);
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);

    struct open_how plain = { .flags = O_RDONLY };
    memcpy(edge - 24, &plain, 24);
    OPEN("how ending at edge, size 24", oa2(AT_FDCWD, "f", edge - 24, 24));
    OPEN("how straddling edge, size 24", oa2(AT_FDCWD, "f", edge - 16, 24));
    OPEN("how ending at edge, size 32 (tail past edge)", oa2(AT_FDCWD, "f", edge - 24, 32));
    OPEN("how (void*)1, size 24", oa2(AT_FDCWD, "f", (void *)1, 24));
    OPEN("how NULL, size 0", oa2(AT_FDCWD, "f", NULL, 0));
    OPEN("how NULL, size 23", oa2(AT_FDCWD, "f", NULL, 23));
    OPEN("how NULL, size 4097", oa2(AT_FDCWD, "f", NULL, 4097));
    OPEN("how NULL, size -1", oa2(AT_FDCWD, "f", NULL, -1));
    OPEN("how NULL, size 1<<32 | 24", oa2(AT_FDCWD, "f", NULL, (1L << 32) | 24));
    memset(edge - 4096, 0, 4096);
    OPEN("size 4096, zero tail, ending at edge", oa2(AT_FDCWD, "f", edge - 4096, 4096));
    edge[-1] = 1;
    OPEN("size 4096, last byte non-zero", oa2(AT_FDCWD, "f", edge - 4096, 4096));
    OPEN("size 4096, last byte non-zero, NULL path", oa2(AT_FDCWD, NULL, edge - 4096, 4096));
    OPEN("size 4096, last byte non-zero, fd -1", oa2(-1, "f", edge - 4096, 4096));
    ((struct open_how *)(edge - 4096))->flags = 1ULL << 40;
    OPEN("size 4096, last byte non-zero, unknown flag", oa2(AT_FDCWD, "f", edge - 4096, 4096));
    edge[-1] = 0;
    OPEN("size 4096, zero tail, unknown flag", oa2(AT_FDCWD, "f", edge - 4096, 4096));

    OPEN("flags 1<<32", oa(AT_FDCWD, "f", 1ULL << 32, 0, 0));
    OPEN("flags -1", oa(AT_FDCWD, "f", UINT64_MAX, 0, 0));
    OPEN("flags 1<<32, NULL path", oa(AT_FDCWD, NULL, 1ULL << 32, 0, 0));
    OPEN("flags 1<<32, fd -1", oa(-1, "f", 1ULL << 32, 0, 0));
    OPEN("O_CLOEXEC only", oa(AT_FDCWD, "f", O_CLOEXEC, 0, 0));
    OPEN("mode without O_CREAT, missing path", oa(AT_FDCWD, "missing", O_RDONLY, 0644, 0));
    OPEN("mode without O_CREAT, NULL path", oa(AT_FDCWD, NULL, O_RDONLY, 0644, 0));
    OPEN("O_CREAT mode 010000", oa(AT_FDCWD, "n1", O_CREAT | O_WRONLY, 010000, 0));
    OPEN("O_CREAT mode 1<<32", oa(AT_FDCWD, "n1", O_CREAT | O_WRONLY, 1ULL << 32, 0));
    OPEN("O_CREAT mode 07777 (ok)", oa(AT_FDCWD, "n1", O_CREAT | O_WRONLY, 07777, 0));
    OPEN("O_CREAT|O_DIRECTORY, NULL path", oa(AT_FDCWD, NULL, O_CREAT | O_DIRECTORY, 0700, 0));
    OPEN("__O_TMPFILE without O_DIRECTORY", oa(AT_FDCWD, "d", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600, 0));
    OPEN("O_TMPFILE O_RDONLY, fd -1", oa(-1, "d", O_TMPFILE | O_RDONLY, 0600, 0));
    OPEN("O_TMPFILE mode 0 (ok)", oa(AT_FDCWD, "d", O_TMPFILE | O_RDWR, 0, 0));
    OPEN("O_PATH|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC on d (ok)", oa(AT_FDCWD, "d", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0, 0));
    OPEN("O_PATH|O_NONBLOCK", oa(AT_FDCWD, "f", O_PATH | O_NONBLOCK, 0, 0));
    OPEN("O_PATH with mode", oa(AT_FDCWD, "f", O_PATH, 0600, 0));
    OPEN("resolve -1", oa(AT_FDCWD, "f", O_RDONLY, 0, UINT64_MAX));
    OPEN("resolve BENEATH|IN_ROOT, NULL path", oa(AT_FDCWD, NULL, O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
    OPEN("CACHED with O_CREAT, NULL path", oa(AT_FDCWD, NULL, O_CREAT | O_WRONLY, 0600, RESOLVE_CACHED));
    OPEN("CACHED with O_TRUNC, fd -1", oa(-1, "f", O_TRUNC | O_WRONLY, 0, RESOLVE_CACHED));
    OPEN("NULL path", oa(AT_FDCWD, NULL, O_RDONLY, 0, 0));
    OPEN("path unterminated at edge", oa(AT_FDCWD, pedge - 1, O_RDONLY, 0, 0));
    OPEN("path unterminated at edge, fd -1", oa(-1, pedge - 1, O_RDONLY, 0, 0));
    OPEN("empty path", oa(AT_FDCWD, "", O_RDONLY, 0, 0));
    OPEN("empty path, fd", oa(ffd, "", O_RDONLY, 0, 0));
    OPEN("BENEATH, closed dirfd", oa(closed, "f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH, socket dirfd", oa(sv[0], "f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("IN_ROOT, file dirfd", oa(ffd, "f", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("IN_ROOT, file dirfd, absolute path", oa(ffd, "/f", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("BENEATH, file dirfd, absolute path", oa(ffd, "/f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH, O_PATH dirfd, ../f", oa(dpath, "../f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("IN_ROOT, O_PATH dirfd, ../../f (clamped, missing)", oa(dpath, "../../f", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("NO_XDEV within the directory (ok)", oa(AT_FDCWD, "d/../f", O_RDONLY, 0, RESOLVE_NO_XDEV));
    close(ffd); close(dpath); close(sv[0]); close(sv[1]);
    leave_scratch();
    return 0;
}
