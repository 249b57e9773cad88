// syscalls: openat2 close
// expect: same
/* openat2 error paths: the size of open_how (too small, larger with zero and non-zero
 * tail), unknown flags and resolve bits, a mode without O_CREAT, RESOLVE_BENEATH and
 * RESOLVE_IN_ROOT escapes, RESOLVE_NO_SYMLINKS, RESOLVE_NO_MAGICLINKS, RESOLVE_CACHED with
 * O_CREAT, contradictory RESOLVE_BENEATH|RESOLVE_IN_ROOT, bad dirfds. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"
#include <linux/openat2.h>

static long oa2(int dirfd, const char *p, unsigned long long flags, unsigned long long mode,
                unsigned long long resolve) {
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    return syscall(SYS_openat2, dirfd, p, &how, sizeof how);
}

int main(void) {
    enter_scratch("err-openat2");
    put("f", "data");
    MUST(mkdir("d", 0755));
    MUST(mkdir("d/sub", 0755));
    put("d/sub/g", "g");
    MUST(symlink("f", "lf"));
    MUST(symlink("../f", "d/up"));
    MUST(symlink("/tmp", "d/abs"));
    MUST(symlink("sub", "d/lsub"));
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int ffd = open("f", O_RDONLY);
    MUST(ffd);

    struct { struct open_how how; unsigned long long tail; } big = { { .flags = O_RDONLY }, 0 };
    OPEN("size 0", syscall(SYS_openat2, AT_FDCWD, "f", &big, 0L));
    OPEN("size 8", syscall(SYS_openat2, AT_FDCWD, "f", &big, 8L));
    OPEN("size 23", syscall(SYS_openat2, AT_FDCWD, "f", &big, 23L));
    OPEN("size 24", syscall(SYS_openat2, AT_FDCWD, "f", &big, 24L));
    OPEN("size 32, zero tail", syscall(SYS_openat2, AT_FDCWD, "f", &big, 32L));
    big.tail = 1;
    OPEN("size 32, non-zero tail", syscall(SYS_openat2, AT_FDCWD, "f", &big, 32L));
    OPEN("size 4097", syscall(SYS_openat2, AT_FDCWD, "f", &big, 4097L));
    OPEN("NULL how", syscall(SYS_openat2, AT_FDCWD, "f", NULL, 24L));
    OPEN("unknown flag bit 1<<40", oa2(AT_FDCWD, "f", 1ULL << 40, 0, 0));
    OPEN("unknown flag 0x40000000", oa2(AT_FDCWD, "f", 0x40000000, 0, 0));
    OPEN("unknown resolve bit 0x40", oa2(AT_FDCWD, "f", O_RDONLY, 0, 0x40));
    OPEN("unknown resolve bit 1<<32", oa2(AT_FDCWD, "f", O_RDONLY, 0, 1ULL << 32));
    OPEN("mode without O_CREAT", oa2(AT_FDCWD, "f", O_RDONLY, 0644, 0));
    OPEN("mode bits above 07777 with O_CREAT", oa2(AT_FDCWD, "new", O_CREAT | O_WRONLY, 010644, 0));
    OPEN("O_PATH with O_RDWR is ok? (O_PATH|O_RDWR)", oa2(AT_FDCWD, "f", O_PATH | O_RDWR, 0, 0));
    OPEN("O_PATH|O_CREAT", oa2(AT_FDCWD, "f", O_PATH | O_CREAT, 0, 0));
    OPEN("O_TMPFILE without write", oa2(AT_FDCWD, "d", O_TMPFILE | O_RDONLY, 0600, 0));
    OPEN("O_TMPFILE mode 0", oa2(AT_FDCWD, "d", O_TMPFILE | O_RDWR, 0, 0));
    OPEN("O_TMPFILE on a file", oa2(AT_FDCWD, "f", O_TMPFILE | O_RDWR, 0600, 0));
    OPEN("BENEATH \"..\"", oa2(dfd, "..", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH \"../f\"", oa2(dfd, "../f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH \"sub/../..\"", oa2(dfd, "sub/../..", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH \"sub/..\"", oa2(dfd, "sub/..", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH absolute", oa2(dfd, "/tmp", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH symlink ../f", oa2(dfd, "up", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH symlink /tmp", oa2(dfd, "abs", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH symlink sub", oa2(dfd, "lsub/g", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH missing", oa2(dfd, "missing", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("BENEATH O_CREAT escape", oa2(dfd, "../new2", O_CREAT | O_WRONLY, 0600, RESOLVE_BENEATH));
    OPEN("BENEATH|IN_ROOT", oa2(dfd, "sub", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT));
    OPEN("IN_ROOT \"../sub/g\" (clamped)", oa2(dfd, "../sub/g", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("IN_ROOT symlink ../f", oa2(dfd, "up", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("IN_ROOT \"/sub/g\"", oa2(dfd, "/sub/g", O_RDONLY, 0, RESOLVE_IN_ROOT));
    OPEN("NO_SYMLINKS last", oa2(AT_FDCWD, "lf", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("NO_SYMLINKS middle", oa2(dfd, "lsub/g", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("NO_SYMLINKS O_PATH|O_NOFOLLOW on link", oa2(AT_FDCWD, "lf", O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_SYMLINKS));
    OPEN("NO_SYMLINKS plain file", oa2(AT_FDCWD, "f", O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    char magic[64];
    snprintf(magic, sizeof magic, "/proc/self/fd/%d", ffd);
    OPEN("NO_MAGICLINKS /proc/self/fd/N", oa2(AT_FDCWD, magic, O_RDONLY, 0, RESOLVE_NO_MAGICLINKS));
    OPEN("NO_SYMLINKS /proc/self/fd/N", oa2(AT_FDCWD, magic, O_RDONLY, 0, RESOLVE_NO_SYMLINKS));
    OPEN("no resolve /proc/self/fd/N", oa2(AT_FDCWD, magic, O_RDONLY, 0, 0));
    OPEN("NO_MAGICLINKS O_PATH|O_NOFOLLOW", oa2(AT_FDCWD, magic, O_PATH | O_NOFOLLOW, 0, RESOLVE_NO_MAGICLINKS));
    OPEN("CACHED with O_CREAT", oa2(AT_FDCWD, "f", O_CREAT | O_RDWR, 0600, RESOLVE_CACHED));
    OPEN("CACHED with O_TRUNC", oa2(AT_FDCWD, "f", O_TRUNC | O_RDWR, 0, RESOLVE_CACHED));
    OPEN("CACHED with O_TMPFILE", oa2(AT_FDCWD, "d", O_TMPFILE | O_RDWR, 0600, RESOLVE_CACHED));
    OPEN("dirfd -1", oa2(-1, "f", O_RDONLY, 0, 0));
    OPEN("dirfd -1 BENEATH", oa2(-1, "f", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("file dirfd", oa2(ffd, "x", O_RDONLY, 0, 0));
    OPEN("file dirfd BENEATH", oa2(ffd, "x", O_RDONLY, 0, RESOLVE_BENEATH));
    OPEN("empty path", oa2(AT_FDCWD, "", O_RDONLY, 0, 0));
    OPEN("O_CREAT|O_DIRECTORY", oa2(AT_FDCWD, "nd", O_CREAT | O_DIRECTORY | O_RDONLY, 0700, 0));
    OPEN("O_CREAT|O_EXCL existing", oa2(AT_FDCWD, "f", O_CREAT | O_EXCL | O_WRONLY, 0600, 0));
    close(dfd);
    close(ffd);
    leave_scratch();
    return 0;
}
