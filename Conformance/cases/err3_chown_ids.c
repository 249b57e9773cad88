// syscalls: chown lchown fchown fchownat
// expect: same
/* chown/lchown/fchown/fchownat with full-range ids and two faults at once: ids with junk above
 * 32 bits (the kernel takes uid_t), -1 and -2, root's and foreign ids; the lookup's errors come
 * before EPERM; bad, closed, O_PATH, pipe and socket descriptors (EBADF before EPERM); fchownat
 * flags before the path; AT_EMPTY_PATH with NULL and empty paths on AT_FDCWD, O_PATH, pipes and
 * bad descriptors; dangling symlinks and trailing slashes. Natively the case first becomes
 * uid/gid 1000 (the sandbox's guest), so only one's own ids may be given. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

#define HI 0x5a5a000000000000UL

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    unsigned long u = getuid(), g = getgid();
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    edge[-1] = 'f';
    enter_scratch("err3-chown");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int pfd = open("f", O_PATH);
    MUST(pfd);
    int pp[2];
    MUST(pipe(pp));
    int sv[2];
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int closed = fcntl(ffd, F_DUPFD, 900);
    MUST(closed);
    close(closed);

    REPORT("chown own ids with junk above 32 bits", syscall(SYS_chown, "f", HI | u, HI | g));
    REPORT("chown -1 as 64-bit -1", syscall(SYS_chown, "f", -1L, -1L));
    REPORT("chown 0xffffffff (unchanged)", syscall(SYS_chown, "f", 0xffffffffUL, 0xffffffffUL));
    REPORT("chown root with junk (uid 0)", syscall(SYS_chown, "f", HI, -1L));
    REPORT("chown 0xfffffffe", syscall(SYS_chown, "f", 0xfffffffeUL, -1L));
    REPORT("chown gid 0xfffffffe", syscall(SYS_chown, "f", -1L, 0xfffffffeUL));
    REPORT("chown own uid, foreign gid", syscall(SYS_chown, "f", u, g + 1));
    REPORT("chown own + 1<<32 (own)", syscall(SYS_chown, "f", u + (1UL << 32), -1L));
    REPORT("chown root, missing", syscall(SYS_chown, "missing", 0L, 0L));
    REPORT("chown root, f/x", syscall(SYS_chown, "f/x", 0L, 0L));
    REPORT("chown root, f/", syscall(SYS_chown, "f/", 0L, 0L));
    REPORT("chown root, empty path", syscall(SYS_chown, "", 0L, 0L));
    REPORT("chown root, NULL path", syscall(SYS_chown, NULL, 0L, 0L));
    REPORT("chown root, path unterminated at edge", syscall(SYS_chown, edge - 1, 0L, 0L));
    REPORT("chown own, dangling", syscall(SYS_chown, "dangling", u, g));
    REPORT("chown own, d/", syscall(SYS_chown, "d/", u, g));
    REPORT("lchown own, symlink", syscall(SYS_lchown, "lf", u, g));
    REPORT("lchown own with junk, dangling", syscall(SYS_lchown, "dangling", HI | u, HI | g));
    REPORT("lchown root, dangling", syscall(SYS_lchown, "dangling", 0L, -1L));
    REPORT("lchown own, dangling/", syscall(SYS_lchown, "dangling/", u, g));
    REPORT("lchown root, missing", syscall(SYS_lchown, "missing", 0L, 0L));
    REPORT("lchown -1/-1, NULL path", syscall(SYS_lchown, NULL, -1L, -1L));

    REPORT("fchown own with junk", syscall(SYS_fchown, ffd, HI | u, HI | g));
    REPORT("fchown root", syscall(SYS_fchown, ffd, 0L, -1L));
    REPORT("fchown root, fd -1", syscall(SYS_fchown, -1, 0L, 0L));
    REPORT("fchown root, closed fd", syscall(SYS_fchown, closed, 0L, 0L));
    REPORT("fchown root, fd INT_MAX", syscall(SYS_fchown, INT_MAX, 0L, 0L));
    REPORT("fchown own, fd -100", syscall(SYS_fchown, -100, u, g));
    REPORT("fchown own, O_PATH fd", syscall(SYS_fchown, pfd, u, g));
    REPORT("fchown root, O_PATH fd", syscall(SYS_fchown, pfd, 0L, 0L));
    REPORT("fchown own, pipe", syscall(SYS_fchown, pp[0], u, g));
    REPORT("fchown root, pipe", syscall(SYS_fchown, pp[0], 0L, -1L));
    REPORT("fchown own, socket", syscall(SYS_fchown, sv[0], u, -1L));
    REPORT("fchown -1/-1, socket", syscall(SYS_fchown, sv[1], -1L, -1L));
    REPORT("fchown fd with junk above 32 bits", syscall(SYS_fchown, (1L << 32) | ffd, u, g));

    REPORT("fchownat flags 0x1, missing", syscall(SYS_fchownat, AT_FDCWD, "missing", 0L, 0L, 1L));
    REPORT("fchownat flags 0x1, NULL path", syscall(SYS_fchownat, AT_FDCWD, NULL, u, g, 1L));
    REPORT("fchownat flags AT_REMOVEDIR, fd -1", syscall(SYS_fchownat, -1, "f", u, g, (long)AT_REMOVEDIR));
    REPORT("fchownat flags 1<<32 (int: 0)", syscall(SYS_fchownat, AT_FDCWD, "f", u, g, 1L << 32));
    REPORT("fchownat AT_EMPTY_PATH, NULL path, fd", syscall(SYS_fchownat, ffd, NULL, u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, NULL path, AT_FDCWD", syscall(SYS_fchownat, AT_FDCWD, NULL, u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, AT_FDCWD", syscall(SYS_fchownat, AT_FDCWD, "", u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, O_PATH fd", syscall(SYS_fchownat, pfd, "", u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, O_PATH fd, root", syscall(SYS_fchownat, pfd, "", 0L, -1L, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, pipe", syscall(SYS_fchownat, pp[1], "", u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, closed fd", syscall(SYS_fchownat, closed, "", u, g, (long)AT_EMPTY_PATH));
    REPORT("fchownat AT_EMPTY_PATH, empty, fd -1, root", syscall(SYS_fchownat, -1, "", 0L, 0L, (long)AT_EMPTY_PATH));
    REPORT("fchownat empty path, no flag, fd", syscall(SYS_fchownat, ffd, "", u, g, 0L));
    REPORT("fchownat socket dirfd", syscall(SYS_fchownat, sv[0], "f", u, g, 0L));
    REPORT("fchownat pipe dirfd, root", syscall(SYS_fchownat, pp[0], "f", 0L, 0L, 0L));
    REPORT("fchownat NOFOLLOW, dangling, own", syscall(SYS_fchownat, AT_FDCWD, "dangling", u, g, (long)AT_SYMLINK_NOFOLLOW));
    REPORT("fchownat NOFOLLOW, dangling, root", syscall(SYS_fchownat, AT_FDCWD, "dangling", 0L, -1L, (long)AT_SYMLINK_NOFOLLOW));
    struct stat st;
    MUST(stat("f", &st));
    FACT("f still ours", st.st_uid == u && st.st_gid == g);
    close(ffd); close(pfd); close(pp[0]); close(pp[1]); close(sv[0]); close(sv[1]);
    leave_scratch();
    return 0;
}
