// Path-escape attempts against the guest's filesystem view (VFSAttackTests).
//
//   vfs_escape MODE CANARY_DIR INPUT OUTPUT SYSTEM_FILE
//
// CANARY_DIR is a host directory outside every zone (e.g. /var/tmp/safehouse-canary-XXXX) holding
// `secret`; the host directories behind INPUT and OUTPUT are its subdirectories `in` and `out`, so
// one `..` too many from a zone root on the host side lands next to the secret. MODE is one of
// abs, dotdot, symlink, proc, init, handles. One line per attempt: `name: ok|ERRNAME|LEAK`.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
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

// Sorted, comma-joined entry names (without . and ..) of DIRFD/PATH, or NULL with errno set.
static char *listing(int dirfd, const char *path) {
    int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *d = fdopendir(fd);
    if (!d) { int e = errno; close(fd); errno = e; return NULL; }
    size_t cap = 64, n = 0, len = 1;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
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

// Prints what a successful open exposed, so a leak shows its content in the test log.
static void dump(int fd) {
    char buf[160] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n > 0) {
        for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n' || buf[i] == 0) buf[i] = ' ';
        printf("  leaked content: %s\n", buf);
        return;
    }
    char *l = listing(fd, ".");
    if (l) printf("  leaked listing: %s\n", l);
    free(l);
}

// An open that must fail (the path names nothing in the guest's view): errno name, or LEAK.
static void no_open(const char *name, int dirfd, const char *path, int flags) {
    int fd = openat(dirfd, path, flags | O_CLOEXEC, 0644);
    if (fd < 0) { printf("%s: %s\n", name, ename(errno)); return; }
    printf("%s: LEAK\n", name);
    dump(fd);
    close(fd);
}

static void result(const char *name, long r) {
    if (r < 0) printf("%s: %s\n", name, ename(errno));
    else printf("%s: ok\n", name);
}

// DIRFD/PATH must list exactly what GUEST_PATH lists in the guest's view.
static void same_listing(const char *name, int dirfd, const char *path, const char *guest_path) {
    char *a = listing(dirfd, path);
    if (!a) { printf("%s: %s\n", name, ename(errno)); return; }
    char *b = listing(AT_FDCWD, guest_path);
    if (b && !strcmp(a, b)) printf("%s: ok\n", name);
    else printf("%s: LEAK\n  listing: %s\n  expected (%s): %s\n", name, a, guest_path, b ? b : "?");
    free(a);
    free(b);
}

static char canary[PATH_MAX], canary_rel[PATH_MAX], canary_name[NAME_MAX + 1];
static const char *input, *output, *system_file;

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
    static char bufs[8][PATH_MAX * 2];
    static int next;
    char *b = bufs[next++ % 8];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

static void mode_abs(void) {
    no_open("abs-canary-secret", AT_FDCWD, fmt("%s/secret", canary), O_RDONLY);
    no_open("abs-canary-dir", AT_FDCWD, canary, O_RDONLY | O_DIRECTORY);
    no_open("abs-canary-path", AT_FDCWD, fmt("%s/secret", canary), O_PATH);
    struct stat st;
    result("stat-canary-secret", stat(fmt("%s/secret", canary), &st));
    result("stat-var-tmp", stat("/var/tmp", &st));
    no_open("etc-shadow", AT_FDCWD, "/etc/shadow", O_RDONLY);
    no_open("root-dir", AT_FDCWD, "/root", O_RDONLY | O_DIRECTORY);
    no_open("root-bashrc", AT_FDCWD, "/root/.bashrc", O_RDONLY);
    char *home = listing(AT_FDCWD, "/home");
    printf("home-listing: %s\n", home && !strcmp(home, "sandbox") ? "ok" : "LEAK");
    if (home && strcmp(home, "sandbox")) printf("  listing: %s\n", home);
    no_open("proc1-root-shadow", AT_FDCWD, "/proc/1/root/etc/shadow", O_RDONLY);
    no_open("proc1-root-canary", AT_FDCWD, fmt("/proc/1/root%s/secret", canary), O_RDONLY);
    no_open("proc-self-root-dotdot-shadow", AT_FDCWD, "/proc/self/root/../../etc/shadow", O_RDONLY);
    no_open("proc-self-root-dotdot-canary", AT_FDCWD, fmt("/proc/self/root/../..%s/secret", canary), O_RDONLY);
}

static void mode_dotdot(void) {
    no_open("tmp-dotdot-canary", AT_FDCWD, fmt("/tmp/../../../..%s/secret", canary), O_RDONLY);
    no_open("tmp-dotdot-shadow", AT_FDCWD, "/tmp/../../../../etc/shadow", O_RDONLY);
    char up[50 * 3 + 1] = "";
    for (int i = 0; i < 50; i++) strcat(up, "../");
    result("chdir-home", chdir("/home/sandbox"));
    no_open("cwd-home-50-dotdot-canary", AT_FDCWD, fmt("%s%s/secret", up, canary_rel), O_RDONLY);
    no_open("cwd-home-50-dotdot-shadow", AT_FDCWD, fmt("%setc/shadow", up), O_RDONLY);
    no_open("cwd-home-50-dotdot-root", AT_FDCWD, fmt("%sroot/.bashrc", up), O_RDONLY);
    // The host directory behind INPUT is CANARY_DIR/in: its host parent holds the secret.
    no_open("input-dotdot-sibling", AT_FDCWD, fmt("%s/../secret", input), O_RDONLY);
    no_open("input-dotdot2-canary", AT_FDCWD, fmt("%s/../../%s/secret", input, canary_name), O_RDONLY);
    no_open("input-dotdot-abs", AT_FDCWD, fmt("%s/../../../..%s/secret", input, canary), O_RDONLY);
    no_open("output-dotdot-sibling", AT_FDCWD, fmt("%s/../secret", output), O_RDONLY);
    no_open("output-dotdot2-canary", AT_FDCWD, fmt("%s/../../%s/secret", output, canary_name), O_RDONLY);
    no_open("output-dotdot-abs", AT_FDCWD, fmt("%s/../../../..%s/secret", output, canary), O_RDONLY);
    no_open("output-dotdot-sibling-creat", AT_FDCWD, fmt("%s/../secret", output), O_WRONLY | O_CREAT | O_TRUNC);
    int in = open(input, O_RDONLY | O_DIRECTORY | O_CLOEXEC), out = open(output, O_PATH | O_DIRECTORY | O_CLOEXEC);
    no_open("input-dirfd-dotdot-sibling", in, "../secret", O_RDONLY);
    no_open("input-dirfd-dotdot2-canary", in, fmt("../../%s/secret", canary_name), O_RDONLY);
    no_open("output-dirfd-dotdot-sibling", out, "../secret", O_RDONLY);
    no_open("output-dirfd-dotdot2-canary", out, fmt("../../%s/secret", canary_name), O_RDONLY);
    no_open("output-dirfd-50-dotdot-canary", out, fmt("%s%s/secret", up, canary_rel), O_RDONLY);
    result("chdir-output", chdir(output));
    no_open("cwd-output-dotdot-sibling", AT_FDCWD, "../secret", O_RDONLY);
    no_open("cwd-output-dotdot2-canary", AT_FDCWD, fmt("../../%s/secret", canary_name), O_RDONLY);
    same_listing("cwd-output-dotdot-listing", AT_FDCWD, "..", "/");
    same_listing("output-dirfd-dotdot-listing", out, "..", "/");
    same_listing("input-dirfd-dotdot-listing", in, "..", "/");
}

static void mode_symlink(void) {
    result("plant-abs", symlink(canary, "/tmp/vfs-attack-abs"));
    no_open("scratch-abs-link", AT_FDCWD, "/tmp/vfs-attack-abs/secret", O_RDONLY);
    result("plant-rel", symlink(fmt("../../../..%s", canary), "/tmp/vfs-attack-rel"));
    no_open("scratch-rel-link", AT_FDCWD, "/tmp/vfs-attack-rel/secret", O_RDONLY);
    result("plant-home-rel", symlink(fmt("../../../../../../..%s/secret", canary), "/home/sandbox/vfs-attack-rel"));
    no_open("home-rel-link", AT_FDCWD, "/home/sandbox/vfs-attack-rel", O_RDONLY);
    result("plant-chain", symlink("/tmp/vfs-attack-c2", "/tmp/vfs-attack-c1") | symlink("vfs-attack-c3", "/tmp/vfs-attack-c2")
                              | symlink(fmt("../..%s", canary), "/tmp/vfs-attack-c3"));
    no_open("scratch-chain", AT_FDCWD, "/tmp/vfs-attack-c1/secret", O_RDONLY);
    result("plant-slash", symlink("/", "/tmp/vfs-attack-slash"));
    no_open("slash-dotdot-canary", AT_FDCWD, fmt("/tmp/vfs-attack-slash/../..%s/secret", canary), O_RDONLY);
    no_open("slash-shadow", AT_FDCWD, "/tmp/vfs-attack-slash/etc/shadow", O_RDONLY);
    same_listing("slash-dotdot-listing", AT_FDCWD, "/tmp/vfs-attack-slash/..", "/");
    result("plant-via-output", symlink(fmt("%s/..", output), "/tmp/vfs-attack-out"));
    no_open("via-output-sibling", AT_FDCWD, "/tmp/vfs-attack-out/secret", O_RDONLY);
    result("plant-via-output2", symlink(fmt("%s/../../%s", output, canary_name), "/tmp/vfs-attack-out2"));
    no_open("via-output2-canary", AT_FDCWD, "/tmp/vfs-attack-out2/secret", O_RDONLY);
    result("plant-loop", symlink("vfs-attack-loop", "/tmp/vfs-attack-loop"));
    no_open("loop", AT_FDCWD, "/tmp/vfs-attack-loop", O_RDONLY);
    // Symlinks planted by the host inside the host-backed zones (see VFSAttackTests).
    no_open("host-planted-output-abs", AT_FDCWD, fmt("%s/vfs-host-abs/secret", output), O_RDONLY);
    no_open("host-planted-output-abs-creat", AT_FDCWD, fmt("%s/vfs-host-abs/vfs-attack-new", output), O_WRONLY | O_CREAT);
    no_open("host-planted-output-parent", AT_FDCWD, fmt("%s/vfs-host-parent/secret", output), O_RDONLY);
    same_listing("host-planted-output-parent-listing", AT_FDCWD, fmt("%s/vfs-host-parent", output), "/");
    no_open("host-planted-output-sibling", AT_FDCWD, fmt("%s/vfs-host-sibling", output), O_RDONLY);
    no_open("host-planted-output-sibling-trunc", AT_FDCWD, fmt("%s/vfs-host-sibling", output), O_WRONLY | O_CREAT | O_TRUNC);
    no_open("host-planted-output-shadow", AT_FDCWD, fmt("%s/vfs-host-shadow", output), O_RDONLY);
    int out = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    no_open("host-planted-output-abs-dirfd", out, "vfs-host-abs/secret", O_RDONLY);
    no_open("host-planted-output-sibling-dirfd", out, "vfs-host-sibling", O_RDONLY);
    struct stat st;
    result("host-planted-output-sibling-chmod", chmod(fmt("%s/vfs-host-sibling", output), 0666));
    result("host-planted-output-sibling-truncate", truncate(fmt("%s/vfs-host-sibling", output), 0));
    result("host-planted-output-sibling-stat", stat(fmt("%s/vfs-host-sibling", output), &st));
    no_open("host-planted-input-abs", AT_FDCWD, fmt("%s/vfs-host-abs/secret", input), O_RDONLY);
    no_open("host-planted-input-sibling", AT_FDCWD, fmt("%s/vfs-host-sibling", input), O_RDONLY);
    // Hard links across zones.
    result("link-system-to-scratch", link(system_file, "/tmp/vfs-attack-hardlink"));
    result("link-input-to-output", link(fmt("%s/in.txt", input), fmt("%s/vfs-attack-hardlink", output)));
    int in = open(fmt("%s/in.txt", input), O_RDONLY | O_CLOEXEC);
    result("linkat-input-procfd-to-output", linkat(AT_FDCWD, fmt("/proc/self/fd/%d", in), AT_FDCWD,
                                                   fmt("%s/vfs-attack-hardlink2", output), AT_SYMLINK_FOLLOW));
    result("linkat-input-emptypath-to-output", linkat(in, "", AT_FDCWD, fmt("%s/vfs-attack-hardlink3", output), AT_EMPTY_PATH));
    result("rename-input-to-output", rename(fmt("%s/in.txt", input), fmt("%s/vfs-attack-renamed", output)));
}

static void mode_proc(void) {
    no_open("proc-self-root-canary", AT_FDCWD, fmt("/proc/self/root%s/secret", canary), O_RDONLY);
    no_open("proc-self-root-dotdot-canary", AT_FDCWD, fmt("/proc/self/root/../../..%s/secret", canary), O_RDONLY);
    no_open("proc-thread-self-root-canary", AT_FDCWD, fmt("/proc/thread-self/root%s/secret", canary), O_RDONLY);
    no_open("proc-self-cwd-dotdot-canary", AT_FDCWD, fmt("/proc/self/cwd/../../../../..%s/secret", canary), O_RDONLY);
    result("chdir-output", chdir(output));
    no_open("proc-self-cwd-output-sibling", AT_FDCWD, "/proc/self/cwd/../secret", O_RDONLY);
    no_open("proc-self-cwd-output-dotdot2", AT_FDCWD, fmt("/proc/self/cwd/../../%s/secret", canary_name), O_RDONLY);
    no_open("proc1-root-canary", AT_FDCWD, fmt("/proc/1/root%s/secret", canary), O_RDONLY);
    no_open("proc1-root-dotdot-canary", AT_FDCWD, fmt("/proc/1/root/../..%s/secret", canary), O_RDONLY);
    no_open("proc1-cwd-dotdot-canary", AT_FDCWD, fmt("/proc/1/cwd/../../..%s/secret", canary), O_RDONLY);
    same_listing("proc1-root-listing", AT_FDCWD, "/proc/1/root", "/");
    int out = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int tmp = open("/tmp", O_PATH | O_DIRECTORY | O_CLOEXEC);
    no_open("proc-fd-output-dotdot-sibling", AT_FDCWD, fmt("/proc/self/fd/%d/../secret", out), O_RDONLY);
    no_open("proc-fd-output-dotdot2-canary", AT_FDCWD, fmt("/proc/self/fd/%d/../../%s/secret", out, canary_name), O_RDONLY);
    no_open("proc-fd-tmp-dotdot-canary", AT_FDCWD, fmt("/proc/self/fd/%d/../../../..%s/secret", tmp, canary), O_RDONLY);
    same_listing("proc-fd-output-dotdot-listing", AT_FDCWD, fmt("/proc/self/fd/%d/..", out), "/");
    same_listing("proc-fd-tmp-dotdot-listing", AT_FDCWD, fmt("/proc/self/fd/%d/..", tmp), "/");
    int self = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
    no_open("procfd-self-root-canary", self, fmt("root%s/secret", canary), O_RDONLY);
    no_open("procfd-self-root-dotdot-canary", self, fmt("root/../../..%s/secret", canary), O_RDONLY);
}

// init (pid 1) is the launcher: a host binary outside every zone, running without the seccomp
// filter. Its executable, memory and mappings must be out of the guest's reach.
static void mode_init(void) {
    no_open("proc1-exe", AT_FDCWD, "/proc/1/exe", O_RDONLY);
    no_open("proc1-mem-rdonly", AT_FDCWD, "/proc/1/mem", O_RDONLY);
    no_open("proc1-mem-rdwr", AT_FDCWD, "/proc/1/mem", O_RDWR);
    no_open("proc1-environ", AT_FDCWD, "/proc/1/environ", O_RDONLY);
    char *l = listing(AT_FDCWD, "/proc/1/map_files");
    printf("proc1-map_files: %s\n", !l ? ename(errno) : !*l ? "empty" : "LEAK");
    if (l && *l) printf("  listing: %s\n", l);
    free(l);
}

static void mode_handles(void) {
    struct { unsigned int bytes; int type; unsigned char h[128]; } fh;
    int mount_id;
    const char *paths[] = {"/", "/tmp", input, output, fmt("%s/in.txt", input), "/usr"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        memset(&fh, 0, sizeof fh);
        fh.bytes = sizeof fh.h;
        printf("name_to_handle_at %s: %s\n", paths[i],
               syscall(SYS_name_to_handle_at, AT_FDCWD, paths[i], &fh, &mount_id, 0) < 0 ? ename(errno) : "ok");
    }
    // The shocker handle: ext4 root inode 2, generation 0, opened relative to a zone mount.
    int out = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    memset(&fh, 0, sizeof fh);
    fh.bytes = 8;
    fh.type = 1;
    fh.h[0] = 2;
    long r = syscall(SYS_open_by_handle_at, out, &fh, O_RDONLY);
    printf("open_by_handle_at output-root-inode: %s\n", r < 0 ? ename(errno) : "LEAK");
    r = syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY | O_DIRECTORY);
    printf("open_by_handle_at cwd-root-inode: %s\n", r < 0 ? ename(errno) : "LEAK");
    r = syscall(SYS_open_by_handle_at, out, &fh, O_PATH);
    printf("open_by_handle_at output-opath: %s\n", r < 0 ? ename(errno) : "LEAK");
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc != 6) { fprintf(stderr, "usage: vfs_escape MODE CANARY_DIR INPUT OUTPUT SYSTEM_FILE\n"); return 2; }
    snprintf(canary, sizeof canary, "%s", argv[2]);
    snprintf(canary_rel, sizeof canary_rel, "%s", argv[2] + 1);
    snprintf(canary_name, sizeof canary_name, "%s", strrchr(argv[2], '/') + 1);
    input = argv[3];
    output = argv[4];
    system_file = argv[5];
    if (!strcmp(argv[1], "abs")) mode_abs();
    else if (!strcmp(argv[1], "dotdot")) mode_dotdot();
    else if (!strcmp(argv[1], "symlink")) mode_symlink();
    else if (!strcmp(argv[1], "proc")) mode_proc();
    else if (!strcmp(argv[1], "handles")) mode_handles();
    else if (!strcmp(argv[1], "init")) mode_init();
    else return 2;
    return 0;
}
