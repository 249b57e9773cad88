// `..` from every kind of directory descriptor the guest can hold (VFSAttackTests).
//
//   vfs_dotdot CANARY_NAME DIR...
//
// For each DIR, opened both O_RDONLY|O_DIRECTORY and O_PATH|O_DIRECTORY, every relative path in
// RELS is opened with openat (O_RDONLY|O_DIRECTORY and O_PATH|O_DIRECTORY) and openat2 (no resolve
// flags). The result must be the guest directory a lexical walk of DIR/REL names (clamped at "/"):
// readlink(/proc/self/fd/N) shows that guest path, fstat matches stat(guest path), its listing is
// the guest path's listing, and no host-only name (the canary directory, secret, in, out, var, root
// …) appears. Then fchdir(DIR) + 64 × chdir("..") must end at the guest's "/".
// One line per DIR and descriptor kind: `dotdot DIR rdonly|path: ok` or the first failure, and
// `fchdir-up DIR rdonly|path: ok`.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *ename(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "E???";
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *forbidden[] = {NULL /* canary name */, "secret", "in", "out", "var", "root", "boot", "srv", "opt", "mnt",
                                  "lost+found", "cloudsdk", "work"};

// Sorted, comma-joined entry names of DIRFD/PATH, or NULL with errno set. *bad is set when a
// host-only name appears.
static char *listing(int dirfd, const char *path, const char **bad) {
    int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *d = fdopendir(fd);
    if (!d) { int e = errno; close(fd); errno = e; return NULL; }
    size_t cap = 64, n = 0, len = 1;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        for (size_t i = 0; bad && i < sizeof forbidden / sizeof *forbidden; i++)
            if (!strcmp(e->d_name, forbidden[i])) *bad = forbidden[i];
        if (n == cap) names = realloc(names, (cap *= 2) * sizeof *names);
        names[n++] = strdup(e->d_name);
        len += strlen(e->d_name) + 1;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    char *s = malloc(len);
    s[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(s, ",");
        strcat(s, names[i]);
        free(names[i]);
    }
    free(names);
    return s;
}

// Lexical DIR + "/" + REL with ".." clamped at "/" (DIR is canonical, REL only "..", ".").
static void lexical(const char *dir, const char *rel, char *out) {
    strcpy(out, dir);
    char copy[PATH_MAX];
    strcpy(copy, rel);
    for (char *save, *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (!strcmp(c, ".")) continue;
        char *slash = strrchr(out, '/');
        if (slash == out) out[1] = 0;
        else *slash = 0;
    }
}

static const char *rels[] = {"..", "../..", "../../..", "../../../../../../../../../..", "./../.", "../../../../"};

// Checks one opened result against the guest path it must be. Returns 0, or prints and returns -1.
static int check(const char *label, const char *how, const char *rel, int fd, const char *want) {
    char link[PATH_MAX], proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, link, sizeof link - 1);
    link[n > 0 ? n : 0] = 0;
    if (n < 0 || strcmp(link, want)) {
        printf("%s: LEAK %s %s readlink=%s want=%s\n", label, how, rel, n < 0 ? ename(errno) : link, want);
        return -1;
    }
    struct stat a, b;
    if (fstat(fd, &a) < 0 || stat(want, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
        printf("%s: LEAK %s %s fstat differs from stat(%s)\n", label, how, rel, want);
        return -1;
    }
    const char *bad = NULL;
    char *got = listing(fd, ".", &bad);
    char *expected = listing(AT_FDCWD, want, NULL);
    int ok = got && expected && !strcmp(got, expected) && !bad;
    if (!ok) printf("%s: LEAK %s %s listing=%s want=%s%s%s\n", label, how, rel, got ? got : ename(errno),
                    expected ? expected : "?", bad ? " host-name=" : "", bad ? bad : "");
    free(got);
    free(expected);
    return ok ? 0 : -1;
}

static int check_dir(const char *dir, const char *canonical, int kind, const char *label) {
    int dfd = open(dir, kind | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) { printf("%s: open %s\n", label, ename(errno)); return -1; }
    for (size_t i = 0; i < sizeof rels / sizeof *rels; i++) {
        char want[PATH_MAX];
        lexical(canonical, rels[i], want);
        static const struct { const char *how; int flags; int two; } ways[] = {
            {"openat-rdonly", O_RDONLY | O_DIRECTORY, 0},
            {"openat-path", O_PATH | O_DIRECTORY, 0},
            {"openat-plain", O_RDONLY, 0},
            {"openat2-rdonly", O_RDONLY | O_DIRECTORY, 1},
            {"openat2-path", O_PATH, 1},
        };
        for (size_t w = 0; w < sizeof ways / sizeof *ways; w++) {
            int fd;
            if (ways[w].two) {
                struct open_how how = {.flags = (unsigned long long)(ways[w].flags | O_CLOEXEC)};
                fd = (int)syscall(SYS_openat2, dfd, rels[i], &how, sizeof how);
            } else {
                fd = openat(dfd, rels[i], ways[w].flags | O_CLOEXEC);
            }
            if (fd < 0) {
                printf("%s: %s %s %s\n", label, ways[w].how, rels[i], ename(errno));
                close(dfd);
                return -1;
            }
            int r = check(label, ways[w].how, rels[i], fd, want);
            close(fd);
            if (r) { close(dfd); return -1; }
        }
    }
    close(dfd);
    printf("%s: ok\n", label);
    return 0;
}

static void fchdir_up(const char *dir, int kind, const char *label) {
    int dfd = open(dir, kind | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fchdir(dfd) < 0) { printf("%s: %s\n", label, ename(errno)); if (dfd >= 0) close(dfd); return; }
    close(dfd);
    for (int i = 0; i < 64; i++)
        if (chdir("..") < 0) { printf("%s: chdir %s\n", label, ename(errno)); return; }
    char cwd[PATH_MAX];
    struct stat a, b;
    const char *bad = NULL;
    char *got = listing(AT_FDCWD, ".", &bad), *want = listing(AT_FDCWD, "/", NULL);
    if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, "(%s)", ename(errno));
    if (strcmp(cwd, "/") || stat(".", &a) < 0 || stat("/", &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino
        || !got || !want || strcmp(got, want) || bad)
        printf("%s: LEAK cwd=%s listing=%s\n", label, cwd, got ? got : "?");
    else
        printf("%s: ok\n", label);
    free(got);
    free(want);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) { fprintf(stderr, "usage: vfs_dotdot CANARY_NAME DIR...\n"); return 2; }
    forbidden[0] = argv[1];
    mkdir("/tmp/vfs-attack-sub", 0755);
    mkdir("/tmp/vfs-attack-sub/deeper", 0755);
    for (int i = 2; i < argc; i++) {
        // The canonical guest path, so /proc/self, /proc/self/root and /proc/self/cwd compare
        // against what they name. Taken before any chdir below.
        char canonical[PATH_MAX];
        if (!realpath(argv[i], canonical)) { printf("dotdot %s: realpath %s\n", argv[i], ename(errno)); continue; }
        for (int k = 0; k < 2; k++) {
            int kind = k ? O_PATH : O_RDONLY;
            char label[PATH_MAX + 32];
            snprintf(label, sizeof label, "dotdot %s %s", argv[i], k ? "path" : "rdonly");
            check_dir(argv[i], canonical, kind, label);
            snprintf(label, sizeof label, "fchdir-up %s %s", argv[i], k ? "path" : "rdonly");
            fchdir_up(argv[i], kind, label);
            if (chdir("/home/sandbox") < 0) return 3;
        }
    }
    return 0;
}
