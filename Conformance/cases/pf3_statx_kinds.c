// syscalls: statx newfstatat fstat fstatfs mknod mknodat mkdir symlink openat socket bind pipe2 getdents64 umask
// expect: same
/* statx against fstatat for every kind of object: a regular file, a directory, a symlink (not
 * followed and followed), a FIFO from mkfifo and from mknod, a bound unix socket's path, /dev/null,
 * a /proc file and /proc/self, and by descriptor (AT_EMPTY_PATH) a pipe and a socket: the mask
 * returned covers STATX_BASIC_STATS, the type and permission bits, nlink, ino, size, blocks,
 * blksize, dev major:minor and rdev agree with fstatat; a descriptor of an open /proc file
 * fstats as the file stat() sees by path (ino, dev, mode, nlink) and fstatfs says procfs (what
 * runc/libpathrs-style checks rely on); a mask of 0 still fills the basics;
 * FIFO specifics: mode from mkfifo under umask, size 0, EEXIST, O_RDONLY|O_NONBLOCK opens and
 * O_WRONLY|O_NONBLOCK without a reader is ENXIO; readdir's d_type for each kind. */
#include "fs2_util.h"
#include <dirent.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <linux/magic.h>

static const char *kind(mode_t m) {
    switch (m & S_IFMT) {
    case S_IFREG: return "reg"; case S_IFDIR: return "dir"; case S_IFLNK: return "lnk"; case S_IFIFO: return "fifo";
    case S_IFSOCK: return "sock"; case S_IFCHR: return "chr"; case S_IFBLK: return "blk"; default: return "?";
    }
}

static void compare(const char *label, int dirfd, const char *path, int flags) {
    struct statx sx;
    struct stat st;
    errno = 0;
    if (statx(dirfd, path, flags, STATX_BASIC_STATS, &sx) != 0) { printf("%s: statx %s\n", label, errname(errno)); return; }
    if (fstatat(dirfd, path, &st, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) { printf("%s: fstatat %s\n", label, errname(errno)); return; }
    int basic = (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS;
    int same = sx.stx_mode == st.st_mode && sx.stx_nlink == st.st_nlink && sx.stx_ino == st.st_ino && (off_t)sx.stx_size == st.st_size &&
               (blkcnt_t)sx.stx_blocks == st.st_blocks && (blksize_t)sx.stx_blksize == st.st_blksize && sx.stx_uid == st.st_uid &&
               sx.stx_gid == st.st_gid;
    int dev = sx.stx_dev_major == major(st.st_dev) && sx.stx_dev_minor == minor(st.st_dev);
    int rdev = sx.stx_rdev_major == major(st.st_rdev) && sx.stx_rdev_minor == minor(st.st_rdev);
    printf("%s: %s, basic stats returned %s, fields == fstatat %s, dev %s, rdev %s%s\n", label, kind(sx.stx_mode), basic ? "yes" : "no",
           same ? "yes" : "no", dev ? "same" : "differs", rdev ? "same" : "differs",
           S_ISCHR(sx.stx_mode) ? (sx.stx_rdev_major == 1 && sx.stx_rdev_minor == 3 ? " (1:3)" : " (not 1:3)") : "");
}

int main(void) {
    enter_scratch("pf3-statx");
    umask(022);
    put("file", "hello");
    MUST(mkdir("dir", 0755));
    MUST(symlink("file", "link"));
    REPORT("mkfifo fifo 0666", mkfifo("fifo", 0666));
    REPORT("mknod fifo2 S_IFIFO|0640", mknod("fifo2", S_IFIFO | 0640, 0));
    REPORT("mkfifo fifo again", mkfifo("fifo", 0600));
    REPORT("mkfifo over a symlink", mkfifo("link", 0600));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sock", scratch);
    REPORT("bind sock", bind(s, (struct sockaddr *)&sa, sizeof sa));
    struct stat st;
    stat("fifo", &st);
    printf("fifo: S_ISFIFO %s, mode %o, size %ld, nlink %ld\n", S_ISFIFO(st.st_mode) ? "yes" : "no", st.st_mode & 07777, (long)st.st_size,
           (long)st.st_nlink);
    stat("fifo2", &st);
    printf("fifo2: S_ISFIFO %s, mode %o\n", S_ISFIFO(st.st_mode) ? "yes" : "no", st.st_mode & 07777);

    compare("file", AT_FDCWD, "file", 0);
    compare("dir", AT_FDCWD, "dir", 0);
    compare("link NOFOLLOW", AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW);
    compare("link followed", AT_FDCWD, "link", 0);
    compare("fifo", AT_FDCWD, "fifo", 0);
    compare("fifo2", AT_FDCWD, "fifo2", 0);
    compare("sock", AT_FDCWD, "sock", 0);
    compare("/dev/null", AT_FDCWD, "/dev/null", 0);
    compare("/proc/self/status", AT_FDCWD, "/proc/self/status", 0);
    compare("/proc/self NOFOLLOW", AT_FDCWD, "/proc/self", AT_SYMLINK_NOFOLLOW);
    compare("/proc/self followed", AT_FDCWD, "/proc/self", 0);
    int p[2];
    pipe2(p, 0);
    compare("pipe fd", p[0], "", AT_EMPTY_PATH);
    compare("socket fd", s, "", AT_EMPTY_PATH);
    int fd = open("file", O_RDONLY);
    compare("file fd", fd, "", AT_EMPTY_PATH);
    close(fd);
    /* A descriptor of a /proc file is that file: fstat == stat by path, fstatfs says procfs. */
    const char *procs[] = { "/proc/self/status", "/proc/self/maps", "/proc/cpuinfo", "/proc/sys/kernel/hostname" };
    for (int i = 0; i < 4; i++) {
        struct stat a, b;
        struct statfs sf;
        fd = open(procs[i], O_RDONLY);
        int ok = fd >= 0 && fstat(fd, &a) == 0 && stat(procs[i], &b) == 0;
        printf("open %s: fstat == stat by path: ino/dev %s, mode %s, nlink %s; fstatfs type is procfs %s\n", procs[i],
               ok && a.st_ino == b.st_ino && a.st_dev == b.st_dev ? "yes" : "no", ok && a.st_mode == b.st_mode ? "yes" : "no",
               ok && a.st_nlink == b.st_nlink ? "yes" : "no", fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC ? "yes" : "no");
        close(fd);
    }
    struct statx sx;
    memset(&sx, 0xff, sizeof sx);
    int r = statx(AT_FDCWD, "file", 0, 0, &sx);
    printf("statx mask 0: %s, size %lld, type and mode filled %s\n", r ? errname(errno) : "ok", (long long)sx.stx_size,
           S_ISREG(sx.stx_mode) && (sx.stx_mode & 0777) == 0644 ? "yes" : "no");

    REPORT("open fifo O_RDONLY|O_NONBLOCK", (fd = open("fifo", O_RDONLY | O_NONBLOCK)) < 0 ? -1 : close(fd));
    REPORT("open fifo O_WRONLY|O_NONBLOCK (no reader)", open("fifo", O_WRONLY | O_NONBLOCK));
    int rd = open("fifo", O_RDONLY | O_NONBLOCK);
    REPORT("open fifo O_WRONLY|O_NONBLOCK (with a reader)", (fd = open("fifo", O_WRONLY | O_NONBLOCK)) < 0 ? -1 : close(fd));
    close(rd);

    DIR *d = opendir(".");
    struct dirent *e;
    const char *names[] = { "file", "dir", "link", "fifo", "fifo2", "sock" };
    char types[6][8] = { "", "", "", "", "", "" };
    while ((e = readdir(d))) {
        for (int i = 0; i < 6; i++) if (!strcmp(e->d_name, names[i])) {
            const char *t = e->d_type == DT_REG ? "REG" : e->d_type == DT_DIR ? "DIR" : e->d_type == DT_LNK ? "LNK" : e->d_type == DT_FIFO ? "FIFO"
                          : e->d_type == DT_SOCK ? "SOCK" : e->d_type == DT_UNKNOWN ? "UNKNOWN" : "?";
            snprintf(types[i], sizeof types[i], "%s", t);
        }
    }
    closedir(d);
    printf("d_type: file %s, dir %s, link %s, fifo %s, fifo2 %s, sock %s\n", types[0], types[1], types[2], types[3], types[4], types[5]);
    close(s);
    leave_scratch();
    return 0;
}
