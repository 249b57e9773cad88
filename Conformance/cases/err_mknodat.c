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

static __attribute__((unused)) int rm_one(const char *p, const struct stat *s, int t, struct FTW *f) {
    (void)s; (void)t; (void)f;
    return remove(p);
}

static __attribute__((unused)) char scratch[64];

/* A fresh scratch directory under /tmp, made the cwd. */
static __attribute__((unused)) void enter_scratch(const char *tag) {
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/conf-%s-XXXXXX", tag);
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(scratch));
}

static __attribute__((unused)) void leave_scratch(void) {
    struct stat st;
    MUST(chdir("/"));
    MUST(nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS));
    FACT("cleaned up", stat(scratch, &st) != 0);
}

static __attribute__((unused)) void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

/* Like REPORT, but a descriptor result is closed. */
#define OPEN(label, expr) do {                                        \
        errno = 0;                                                    \
        long fd_ = (long)(expr);                                      \
        if (fd_ < 0) printf("%s: %s\n", (label), errname(errno));     \
        else { printf("%s: ok\n", (label)); close((int)fd_); }        \
    } while (0)

/* Print the value returned, or the errno name. */
#define VALUE(label, expr) do {                                       \
        errno = 0;                                                    \
        long r_ = (long)(expr);                                       \
        if (r_ == -1) printf("%s: %s\n", (label), errname(errno));    \
        else printf("%s: %ld\n", (label), r_);                        \
    } while (0)

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
