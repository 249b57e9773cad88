// The output zone as the guest sees it (VFSAttackTests).
//
//   vfs_output CANARY_DIR OUTPUT
//
// Creates a file and a directory in OUTPUT (they must appear on the host), then symlinks whose
// targets name host files: /etc/shadow, CANARY_DIR/secret, ../secret (on the host, the secret
// next to OUTPUT's directory). The links stay links on the host; following them in the guest
// must resolve in the guest's view, where none of the targets exists. One line per attempt:
// `name: ok|ERRNAME|LEAK`.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>

static const char *ename(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "E???";
}

static void result(const char *name, long r) {
    if (r < 0) printf("%s: %s\n", name, ename(errno));
    else printf("%s: ok\n", name);
}

static void no_open(const char *name, int dirfd, const char *path, int flags) {
    int fd = openat(dirfd, path, flags | O_CLOEXEC, 0644);
    if (fd < 0) { printf("%s: %s\n", name, ename(errno)); return; }
    char buf[128] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = ' ';
    printf("%s: LEAK\n  leaked content: %s\n", name, n > 0 ? buf : "(none)");
    close(fd);
}

static char *at(const char *dir, const char *name) {
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, PATH_MAX, "%s/%s", dir, name);
    return b;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc != 3) { fprintf(stderr, "usage: vfs_output CANARY_DIR OUTPUT\n"); return 2; }
    const char *canary = argv[1], *out = argv[2];
    char secret[PATH_MAX];
    snprintf(secret, sizeof secret, "%s/secret", canary);

    int fd = open(at(out, "vfs-attack-created"), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    result("create-file", fd >= 0 && write(fd, "created-by-guest\n", 17) == 17 ? 0 : -1);
    if (fd >= 0) close(fd);
    result("mkdir", mkdir(at(out, "vfs-attack-dir"), 0750));

    struct { const char *name, *target; } links[] = {
        {"vfs-attack-shadow", "/etc/shadow"},
        {"vfs-attack-canary", secret},
        {"vfs-attack-sibling", "../secret"},
        {"vfs-attack-dotdot", ".."},
    };
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        char name[64];
        snprintf(name, sizeof name, "symlink %s", links[i].name);
        result(name, symlink(links[i].target, at(out, links[i].name)));
        char buf[PATH_MAX];
        ssize_t n = readlink(at(out, links[i].name), buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        snprintf(name, sizeof name, "readlink %s", links[i].name);
        printf("%s: %s\n", name, n < 0 ? ename(errno) : !strcmp(buf, links[i].target) ? "ok" : "WRONG");
    }
    no_open("read-shadow-link", AT_FDCWD, at(out, "vfs-attack-shadow"), O_RDONLY);
    no_open("read-canary-link", AT_FDCWD, at(out, "vfs-attack-canary"), O_RDONLY);
    no_open("read-sibling-link", AT_FDCWD, at(out, "vfs-attack-sibling"), O_RDONLY);
    no_open("read-dotdot-link-secret", AT_FDCWD, at(out, "vfs-attack-dotdot/secret"), O_RDONLY);
    int dirfd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    no_open("read-sibling-link-dirfd", dirfd, "vfs-attack-sibling", O_RDONLY);
    no_open("read-shadow-link-dirfd", dirfd, "vfs-attack-shadow", O_RDONLY);
    no_open("write-shadow-link", AT_FDCWD, at(out, "vfs-attack-shadow"), O_WRONLY | O_CREAT | O_TRUNC);
    no_open("write-canary-link", AT_FDCWD, at(out, "vfs-attack-canary"), O_WRONLY | O_CREAT | O_TRUNC);
    no_open("write-sibling-link", AT_FDCWD, at(out, "vfs-attack-sibling"), O_WRONLY | O_CREAT | O_TRUNC);
    no_open("write-sibling-link-append", AT_FDCWD, at(out, "vfs-attack-sibling"), O_WRONLY | O_APPEND);
    no_open("write-dotdot-link-secret", AT_FDCWD, at(out, "vfs-attack-dotdot/secret"), O_WRONLY | O_CREAT | O_TRUNC);
    struct stat st;
    result("stat-sibling-link", stat(at(out, "vfs-attack-sibling"), &st));
    result("chmod-sibling-link", chmod(at(out, "vfs-attack-sibling"), 0666));
    result("chmod-canary-link", chmod(at(out, "vfs-attack-canary"), 0666));
    result("chown-sibling-link", chown(at(out, "vfs-attack-sibling"), getuid(), getgid()));
    struct timeval tv[2] = {{1, 0}, {1, 0}};
    result("utimes-sibling-link", utimes(at(out, "vfs-attack-sibling"), tv));
    result("truncate-sibling-link", truncate(at(out, "vfs-attack-sibling"), 0));
    result("truncate-canary-link", truncate(at(out, "vfs-attack-canary"), 0));
    result("setxattr-sibling-link", setxattr(at(out, "vfs-attack-sibling"), "user.vfsattack", "x", 1, 0));
    result("link-follow-sibling-link", linkat(AT_FDCWD, at(out, "vfs-attack-sibling"), AT_FDCWD,
                                              at(out, "vfs-attack-hardlink"), AT_SYMLINK_FOLLOW));
    result("rename-through-dotdot-link", rename(at(out, "vfs-attack-created"), at(out, "vfs-attack-dotdot/vfs-attack-moved")));
    fd = open(at(out, "vfs-attack-created"), O_RDONLY | O_CLOEXEC);
    char buf[64] = {0};
    printf("read-back-created: %s\n", fd >= 0 && read(fd, buf, sizeof buf) == 17 && !strcmp(buf, "created-by-guest\n") ? "ok" : "WRONG");
    return 0;
}
