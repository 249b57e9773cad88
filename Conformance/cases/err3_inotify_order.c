// syscalls: inotify_add_watch inotify_init1
// expect: same
/* inotify_add_watch error precedence and full-range masks: the mask is checked (EINVAL for 0,
 * unknown bits, IN_MASK_ADD|IN_MASK_CREATE) before the descriptor (EBADF), the descriptor's
 * kind (EINVAL for a non-inotify one) before the path; then the path: NULL, unterminated at a
 * mapping's end, empty, missing, through a file, trailing slashes, IN_ONLYDIR on files and
 * symlinks, IN_DONT_FOLLOW alone and on dangling symlinks, IN_MASK_CREATE on a watched inode.
 * Watch descriptors are compared, never printed. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

#ifndef IN_MASK_CREATE
#define IN_MASK_CREATE 0x10000000
#endif

static long add(int fd, const char *p, unsigned long mask) {
    return syscall(SYS_inotify_add_watch, fd, p, mask);
}

int main(void) {
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    MUST(mprotect(m + 4096, 4096, PROT_NONE));
    char *edge = m + 4096;
    enter_scratch("err3-inotify");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("f", "lf"));
    MUST(symlink("d", "ld"));
    MUST(symlink("nowhere", "dangling"));
    int in = inotify_init1(IN_CLOEXEC);
    MUST(in);
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int closed = fcntl(ffd, F_DUPFD, 900);   /* a number nothing reuses */
    MUST(closed);
    close(closed);
    char *unterminated = edge - 1;
    *unterminated = 'f';

    REPORT("mask 0", add(in, "f", 0));
    REPORT("mask 0, fd -1", add(-1, "f", 0));
    REPORT("mask 0, missing path", add(in, "missing", 0));
    REPORT("unknown bit 0x00100000", add(in, "f", IN_MODIFY | 0x00100000));
    REPORT("all bits", add(in, "f", 0xffffffffUL));
    REPORT("all bits, fd -1", add(-1, "f", 0xffffffffUL));
    REPORT("all bits, NULL path", add(in, NULL, 0xffffffffUL));
    REPORT("MASK_ADD|MASK_CREATE", add(in, "f", IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE));
    REPORT("MASK_ADD|MASK_CREATE, fd -1", add(-1, "f", IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE));
    REPORT("MASK_ADD|MASK_CREATE, missing", add(in, "missing", IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE));
    REPORT("junk above 32 bits (ignored)", add(in, "f", (0xabcdUL << 32) | IN_MODIFY));
    REPORT("junk above 32 bits only", add(in, "f", 0xabcdUL << 32));
    REPORT("fd -1", add(-1, "f", IN_MODIFY));
    REPORT("fd INT_MAX", add(INT_MAX, "f", IN_MODIFY));
    REPORT("closed fd", add(closed, "f", IN_MODIFY));
    REPORT("fd -1, missing path", add(-1, "missing", IN_MODIFY));
    REPORT("fd -1, NULL path", add(-1, NULL, IN_MODIFY));
    REPORT("regular-file fd", add(ffd, "f", IN_MODIFY));
    REPORT("regular-file fd, missing path", add(ffd, "missing", IN_MODIFY));
    REPORT("regular-file fd, NULL path", add(ffd, NULL, IN_MODIFY));
    REPORT("NULL path", add(in, NULL, IN_MODIFY));
    REPORT("(void*)1 path", add(in, (const char *)1, IN_MODIFY));
    REPORT("path unterminated at edge", add(in, unterminated, IN_MODIFY));
    REPORT("empty path", add(in, "", IN_MODIFY));
    REPORT("missing", add(in, "missing", IN_MODIFY));
    REPORT("missing/x", add(in, "missing/x", IN_MODIFY));
    REPORT("f/x", add(in, "f/x", IN_MODIFY));
    REPORT("f/", add(in, "f/", IN_MODIFY));
    REPORT("lf/", add(in, "lf/", IN_MODIFY));
    REPORT("dangling", add(in, "dangling", IN_MODIFY));
    REPORT("dangling, IN_DONT_FOLLOW", add(in, "dangling", IN_MODIFY | IN_DONT_FOLLOW));
    REPORT("dangling/, IN_DONT_FOLLOW", add(in, "dangling/", IN_MODIFY | IN_DONT_FOLLOW));
    REPORT("IN_ONLYDIR on a file", add(in, "f", IN_MODIFY | IN_ONLYDIR));
    REPORT("IN_ONLYDIR on a missing name", add(in, "missing", IN_MODIFY | IN_ONLYDIR));
    REPORT("IN_ONLYDIR on a symlink to a dir", add(in, "ld", IN_MODIFY | IN_ONLYDIR));
    REPORT("IN_ONLYDIR|IN_DONT_FOLLOW on a symlink to a dir", add(in, "ld", IN_MODIFY | IN_ONLYDIR | IN_DONT_FOLLOW));
    REPORT("IN_ONLYDIR|IN_DONT_FOLLOW on ld/", add(in, "ld/", IN_MODIFY | IN_ONLYDIR | IN_DONT_FOLLOW));
    REPORT("IN_ONLYDIR on d/", add(in, "d/", IN_MODIFY | IN_ONLYDIR));
    REPORT("IN_DONT_FOLLOW alone", add(in, "f", IN_DONT_FOLLOW));
    REPORT("IN_ONLYDIR alone on a dir", add(in, "d", IN_ONLYDIR));
    REPORT("IN_MASK_ADD alone", add(in, "f", IN_MASK_ADD));
    REPORT("IN_ONESHOT alone", add(in, "f", IN_ONESHOT));
    REPORT("IN_EXCL_UNLINK alone", add(in, "f", IN_EXCL_UNLINK));
    REPORT("IN_IGNORED|IN_ISDIR|IN_Q_OVERFLOW|IN_UNMOUNT", add(in, "f", IN_IGNORED | IN_ISDIR | IN_Q_OVERFLOW | IN_UNMOUNT));

    int in2 = inotify_init1(IN_CLOEXEC);
    MUST(in2);
    long w1 = add(in2, "f", IN_MODIFY);
    long w2 = add(in2, "lf", IN_ATTRIB);
    long w3 = add(in2, "lf", IN_ATTRIB | IN_DONT_FOLLOW);
    FACT("f and lf share a watch", w1 >= 0 && w1 == w2);
    FACT("lf itself has another", w3 >= 0 && w3 != w1);
    REPORT("IN_MASK_CREATE on a watched inode", add(in2, "f", IN_MODIFY | IN_MASK_CREATE));
    REPORT("IN_MASK_CREATE on a watched inode, via symlink", add(in2, "lf", IN_MODIFY | IN_MASK_CREATE));
    REPORT("IN_MASK_CREATE on a new inode", add(in2, "d", IN_CREATE | IN_MASK_CREATE));
    REPORT("IN_MASK_ADD on a watched inode", add(in2, "f", IN_ATTRIB | IN_MASK_ADD));
    REPORT("rm_watch of lf's watch", inotify_rm_watch(in2, (int)w3));
    REPORT("rm_watch again", inotify_rm_watch(in2, (int)w3));
    close(in); close(in2); close(ffd);
    leave_scratch();
    return 0;
}
