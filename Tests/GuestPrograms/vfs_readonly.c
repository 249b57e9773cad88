// Writes into read-only zones (VFSAttackTests).
//
//   vfs_readonly LABEL FILE DIR [LABEL FILE DIR]...
//
// FILE is an existing regular file and DIR an existing directory of a read-only zone (input,
// system, the synthetic /etc). Every write-shaped call on them must fail, with EROFS where Linux
// checks the mount first and EXDEV for a rename/link from scratch into the zone. New names all
// start with "vfs-attack-" so the host side can look for them. One line per attempt:
// `LABEL op: ok|ERRNAME`.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *ename(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "E???";
}

static const char *label;

static void result(const char *op, long r) {
    if (r < 0) printf("%s %s: %s\n", label, op, ename(errno));
    else printf("%s %s: ok\n", label, op);
}

static void open_result(const char *op, int fd) {
    result(op, fd);
    if (fd >= 0) close(fd);
}

static char *in(const char *dir, const char *name) {
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, PATH_MAX, "%s/%s", dir, name);
    return b;
}

static void attack(const char *file, const char *dir) {
    open_result("open-wronly", open(file, O_WRONLY | O_CLOEXEC));
    open_result("open-rdwr", open(file, O_RDWR | O_CLOEXEC));
    open_result("open-append", open(file, O_WRONLY | O_APPEND | O_CLOEXEC));
    open_result("open-rdonly-trunc", open(file, O_RDONLY | O_TRUNC | O_CLOEXEC));
    open_result("open-creat-new", open(in(dir, "vfs-attack-new"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    open_result("open-creat-excl-rdonly", open(in(dir, "vfs-attack-excl"), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    open_result("open-tmpfile", open(dir, O_WRONLY | O_TMPFILE | O_CLOEXEC, 0644));
    open_result("creat", creat(in(dir, "vfs-attack-creat"), 0644));
    result("unlink", unlink(file));
    result("rmdir", rmdir(dir));
    result("rename-within", rename(file, in(dir, "vfs-attack-renamed")));
    int src = open("/tmp/vfs-attack-src", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (src >= 0) { if (write(src, "evil\n", 5) != 5) return; close(src); }
    result("rename-from-scratch-new", rename("/tmp/vfs-attack-src", in(dir, "vfs-attack-into")));
    result("rename-from-scratch-over", rename("/tmp/vfs-attack-src", file));
    result("link-from-scratch", link("/tmp/vfs-attack-src", in(dir, "vfs-attack-link")));
    result("link-within", link(file, in(dir, "vfs-attack-hardlink")));
    result("mkdir", mkdir(in(dir, "vfs-attack-dir"), 0755));
    result("mkfifo", mkfifo(in(dir, "vfs-attack-fifo"), 0644));
    result("symlink", symlink("/tmp", in(dir, "vfs-attack-symlink")));
    result("chmod", chmod(file, 04777));
    result("chmod-dir", chmod(dir, 0777));
    result("chown", chown(file, getuid(), getgid()));
    struct timeval tv[2] = {{1, 0}, {1, 0}};
    result("utimes", utimes(file, tv));
    result("utimensat-now", utimensat(AT_FDCWD, file, NULL, 0));
    result("truncate", truncate(file, 0));
    result("setxattr", setxattr(file, "user.vfsattack", "x", 1, 0));
    result("removexattr", removexattr(file, "user.vfsattack"));
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) { printf("%s open-rdonly: %s\n", label, ename(errno)); return; }
    result("write-rdonly-fd", write(fd, "evil\n", 5));
    result("fchmod", fchmod(fd, 04777));
    result("fchown", fchown(fd, getuid(), getgid()));
    result("futimens", futimens(fd, NULL));
    result("fsetxattr", fsetxattr(fd, "user.vfsattack", "x", 1, 0));
    result("ftruncate", ftruncate(fd, 0));
    result("fallocate", fallocate(fd, 0, 0, 4096));
    void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    result("mmap-shared-write", m == MAP_FAILED ? -1 : 0);
    close(fd);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    open_result("openat-dirfd-creat", openat(dfd, "vfs-attack-at", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    result("mkdirat-dirfd", mkdirat(dfd, "vfs-attack-atdir", 0755));
    result("fchmod-dirfd", fchmod(dfd, 0777));
    close(dfd);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 4 || (argc - 1) % 3) { fprintf(stderr, "usage: vfs_readonly LABEL FILE DIR...\n"); return 2; }
    for (int i = 1; i < argc; i += 3) {
        label = argv[i];
        attack(argv[i + 1], argv[i + 2]);
    }
    return 0;
}
