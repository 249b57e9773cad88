// syscalls: statx newfstatat
// expect: same
/* statx error paths: reserved mask bits, both AT_STATX_FORCE_SYNC and AT_STATX_DONT_SYNC,
 * unknown flags, AT_EMPTY_PATH on descriptors (file, O_PATH, dir, pipe), empty paths without
 * the flag, AT_SYMLINK_NOFOLLOW, trailing slashes, bad dirfds, NULL buffer. Prints only
 * stable fields (type, permission bits, size and link count of non-directories, the
 * basic-stats part of the mask). */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static void sx(const char *label, int dirfd, const char *p, int flags, unsigned mask) {
    struct statx b;
    memset(&b, 0, sizeof b);
    errno = 0;
    long r = syscall(SYS_statx, dirfd, p, flags, mask, &b);
    if (r < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    if (S_ISDIR(b.stx_mode))  /* a directory's size and link count are the filesystem's */
        printf("%s: ok type %o perm %o basic-mask %x\n", label, b.stx_mode & S_IFMT,
               b.stx_mode & 07777, b.stx_mask & STATX_BASIC_STATS);
    else
        printf("%s: ok type %o perm %o size %llu nlink %u basic-mask %x\n", label, b.stx_mode & S_IFMT,
               b.stx_mode & 07777, (unsigned long long)b.stx_size, b.stx_nlink, b.stx_mask & STATX_BASIC_STATS);
}

int main(void) {
    enter_scratch("err-statx");
    put("f", "hello");
    MUST(chmod("f", 0640));
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int lpfd = open("lf", O_PATH | O_NOFOLLOW);
    MUST(lpfd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    int pp[2];
    MUST(pipe(pp));
    sx("basic", AT_FDCWD, "f", 0, STATX_BASIC_STATS);
    sx("mask 0", AT_FDCWD, "f", 0, 0);
    sx("mask STATX__RESERVED", AT_FDCWD, "f", 0, STATX__RESERVED);
    sx("mask 0x80000000|BASIC", AT_FDCWD, "f", 0, 0x80000000u | STATX_BASIC_STATS);
    sx("mask 0xffffffff", AT_FDCWD, "f", 0, 0xffffffffu);
    sx("mask unknown 0x40000", AT_FDCWD, "f", 0, 0x40000);
    sx("FORCE_SYNC", AT_FDCWD, "f", AT_STATX_FORCE_SYNC, STATX_BASIC_STATS);
    sx("DONT_SYNC", AT_FDCWD, "f", AT_STATX_DONT_SYNC, STATX_BASIC_STATS);
    sx("FORCE_SYNC|DONT_SYNC", AT_FDCWD, "f", AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS);
    sx("flags 0x1", AT_FDCWD, "f", 1, STATX_BASIC_STATS);
    sx("flags AT_REMOVEDIR", AT_FDCWD, "f", AT_REMOVEDIR, STATX_BASIC_STATS);
    sx("flags -1", AT_FDCWD, "f", -1, STATX_BASIC_STATS);
    sx("AT_EMPTY_PATH file fd", ffd, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
    sx("AT_EMPTY_PATH O_PATH fd", pfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
    sx("AT_EMPTY_PATH O_PATH symlink fd", lpfd, "", AT_EMPTY_PATH, STATX_BASIC_STATS);
    sx("AT_EMPTY_PATH dir fd", dfd, "", AT_EMPTY_PATH, STATX_TYPE);
    sx("AT_EMPTY_PATH pipe", pp[0], "", AT_EMPTY_PATH, STATX_TYPE | STATX_MODE);
    sx("AT_EMPTY_PATH AT_FDCWD", AT_FDCWD, "", AT_EMPTY_PATH, STATX_TYPE);
    sx("AT_EMPTY_PATH bad fd", 9999, "", AT_EMPTY_PATH, STATX_TYPE);
    sx("AT_EMPTY_PATH with a non-empty path", ffd, "f", AT_EMPTY_PATH, STATX_TYPE);
    sx("empty path, no flag", ffd, "", 0, STATX_TYPE);
    sx("AT_SYMLINK_NOFOLLOW symlink", AT_FDCWD, "lf", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS);
    sx("AT_SYMLINK_NOFOLLOW dangling", AT_FDCWD, "dangling", AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_SIZE);
    sx("follow dangling", AT_FDCWD, "dangling", 0, STATX_TYPE);
    sx("lf/ (slash)", AT_FDCWD, "lf/", 0, STATX_TYPE);
    sx("f/", AT_FDCWD, "f/", 0, STATX_TYPE);
    sx("d/", AT_FDCWD, "d/", 0, STATX_TYPE);
    sx("missing", AT_FDCWD, "missing", 0, STATX_TYPE);
    sx("dirfd -1", -1, "f", 0, STATX_TYPE);
    sx("file dirfd", ffd, "x", 0, STATX_TYPE);
    sx("dir dirfd ../f", dfd, "../f", 0, STATX_TYPE | STATX_SIZE);
    sx("dirfd -1, absolute", -1, "/", 0, STATX_TYPE);
    REPORT("NULL buffer", syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_TYPE, NULL));
    REPORT("NULL path, no flag", syscall(SYS_statx, AT_FDCWD, NULL, 0, STATX_TYPE, &(struct statx){0}));
    REPORT("NULL path, AT_EMPTY_PATH, fd", syscall(SYS_statx, ffd, NULL, AT_EMPTY_PATH, STATX_TYPE, &(struct statx){0}));
    REPORT("newfstatat flags 0x1", syscall(SYS_newfstatat, AT_FDCWD, "f", &(struct stat){0}, 1));
    REPORT("newfstatat AT_EMPTY_PATH O_PATH fd", syscall(SYS_newfstatat, pfd, "", &(struct stat){0}, AT_EMPTY_PATH));
    REPORT("newfstatat AT_STATX_DONT_SYNC (not accepted)", syscall(SYS_newfstatat, AT_FDCWD, "f", &(struct stat){0}, AT_STATX_DONT_SYNC));
    close(ffd); close(pfd); close(lpfd); close(dfd); close(pp[0]); close(pp[1]);
    leave_scratch();
    return 0;
}
