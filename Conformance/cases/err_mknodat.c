// syscalls: mknodat mknod
// expect: same
/* mknodat error paths: FIFOs, regular files (S_IFREG and type 0) and sockets are made;
 * S_IFDIR is EPERM, unknown types and S_IFLNK are EINVAL; existing names, trailing slashes,
 * missing parents, bad dirfds, empty paths; the resulting types and permission bits. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "err_util.h"

static long mk(int dirfd, const char *p, unsigned mode) { return syscall(SYS_mknodat, dirfd, p, mode, 0); }

static void kind(const char *p) {
    struct stat st;
    if (lstat(p, &st) != 0) { printf("  %s: %s\n", p, errname(errno)); return; }
    const char *t = S_ISFIFO(st.st_mode) ? "fifo" : S_ISREG(st.st_mode) ? "regular" :
                    S_ISSOCK(st.st_mode) ? "socket" : S_ISDIR(st.st_mode) ? "dir" : "other";
    printf("  %s: %s %o size %ld\n", p, t, (unsigned)(st.st_mode & 07777), (long)st.st_size);
}

int main(void) {
    enter_scratch("err-mknodat");
    put("f", "x");
    MUST(mkdir("d", 0755));
    MUST(symlink("nowhere", "dangling"));
    int ffd = open("f", O_RDONLY);
    MUST(ffd);
    int dfd = open("d", O_RDONLY | O_DIRECTORY);
    MUST(dfd);
    REPORT("FIFO", mk(AT_FDCWD, "fifo", S_IFIFO | 0640));
    kind("fifo");
    REPORT("S_IFREG", mk(AT_FDCWD, "reg", S_IFREG | 0666));
    kind("reg");
    REPORT("type 0 (regular)", mk(AT_FDCWD, "reg0", 0604));
    kind("reg0");
    REPORT("socket", mk(AT_FDCWD, "sock", S_IFSOCK | 0600));
    kind("sock");
    REPORT("S_IFDIR", mk(AT_FDCWD, "dir", S_IFDIR | 0755));
    REPORT("S_IFLNK", mk(AT_FDCWD, "lnk", S_IFLNK | 0777));
    REPORT("type 0170000", mk(AT_FDCWD, "bad", 0170000 | 0600));
    REPORT("type 0030000", mk(AT_FDCWD, "bad", 0030000 | 0600));
    REPORT("type 0050000", mk(AT_FDCWD, "bad", 0050000 | 0600));
    REPORT("FIFO mode 07777", mk(AT_FDCWD, "fifo2", S_IFIFO | 07777));
    kind("fifo2");
    REPORT("existing file", mk(AT_FDCWD, "f", S_IFIFO | 0600));
    REPORT("existing dir", mk(AT_FDCWD, "d", S_IFIFO | 0600));
    REPORT("existing FIFO", mk(AT_FDCWD, "fifo", S_IFIFO | 0600));
    REPORT("dangling symlink", mk(AT_FDCWD, "dangling", S_IFIFO | 0600));
    REPORT("existing with bad type", mk(AT_FDCWD, "f", 0170000 | 0600));
    REPORT("new/ (trailing slash)", mk(AT_FDCWD, "new/", S_IFIFO | 0600));
    REPORT("f/ (trailing slash)", mk(AT_FDCWD, "f/", S_IFIFO | 0600));
    REPORT("missing/x", mk(AT_FDCWD, "missing/x", S_IFIFO | 0600));
    REPORT("f/x", mk(AT_FDCWD, "f/x", S_IFIFO | 0600));
    REPORT("empty path", mk(AT_FDCWD, "", S_IFIFO | 0600));
    REPORT("\".\"", mk(AT_FDCWD, ".", S_IFIFO | 0600));
    REPORT("dirfd -1", mk(-1, "x", S_IFIFO | 0600));
    REPORT("file dirfd", mk(ffd, "x", S_IFIFO | 0600));
    REPORT("dir dirfd (ok)", mk(dfd, "inner", S_IFIFO | 0600));
    kind("d/inner");
    REPORT("mknod (raw) FIFO", syscall(SYS_mknod, "fifo3", S_IFIFO | 0600, 0));
    REPORT("mknod (raw) S_IFDIR", syscall(SYS_mknod, "dir2", S_IFDIR | 0700, 0));
    REPORT("mknod (raw) existing", syscall(SYS_mknod, "fifo3", S_IFIFO | 0600, 0));
    close(ffd); close(dfd);
    leave_scratch();
    return 0;
}
