// Races against path resolution (VFSAttackTests).
//
//   vfs_race rename CANARY_DIR OUTPUT ITERATIONS
//     A thread renames BASE/a/b to BASE/c and back while the main thread opens paths that climb
//     out of b with `..` and then name the host canary (CANARY_DIR/secret, its host-relative
//     forms, and the secret next to OUTPUT's host directory). In the guest's view none of them
//     exists at any moment, so every open must fail. BASE is /tmp (scratch) and OUTPUT (a
//     host-backed zone); a third round holds a descriptor of b and opens relative to it.
//     Prints `rename-race BASE: ok` or `... LEAK`; counts go to stderr.
//
//   vfs_race flip CANARY_DIR OUTPUT OPENS
//     A thread flips a shared path buffer between an allowed file and a forbidden host path
//     while the main thread opens the buffer OPENS times; any successful open must read the
//     allowed file's content. Pairs: /tmp/vfs-attack-ok vs CANARY_DIR/secret, and
//     OUTPUT/vfs-attack-ok vs OUTPUT/../secret (the host sibling of the zone's directory).
//     Prints `flip PAIR: ok` (or LEAK) and `flip PAIR successes>0: yes|no`.
#define _GNU_SOURCE
#pragma GCC diagnostic ignored "-Wformat-truncation"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *ename(int e) {
    const char *n = strerrorname_np(e);
    return n ? n : "E???";
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static atomic_int stop;
static char canary[PATH_MAX], canary_name[NAME_MAX + 1];
static const char *output;

// ---- rename race ----

static char dir_ab[PATH_MAX], dir_c[PATH_MAX];
static atomic_long renames;

static void *renamer(void *arg) {
    (void)arg;
    while (!atomic_load(&stop)) {
        if (rename(dir_ab, dir_c) == 0) atomic_fetch_add(&renames, 1);
        if (rename(dir_c, dir_ab) == 0) atomic_fetch_add(&renames, 1);
    }
    return NULL;
}

// Reports a leak: what was opened and what it holds.
static void leak(const char *label, const char *path, int fd) {
    char buf[128] = {0};
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    for (ssize_t i = 0; i < n; i++) if (buf[i] == '\n') buf[i] = ' ';
    printf("%s: LEAK path=%s content=%s\n", label, path, n > 0 ? buf : "(none)");
}

static void rename_round(const char *base, int use_dirfd, long iterations) {
    char label[PATH_MAX + 32];
    snprintf(label, sizeof label, "rename-race %s%s", base, use_dirfd ? " dirfd" : "");
    snprintf(dir_ab, sizeof dir_ab, "%s/vfs-attack-a/b", base);
    snprintf(dir_c, sizeof dir_c, "%s/vfs-attack-c", base);
    char a[PATH_MAX];
    snprintf(a, sizeof a, "%s/vfs-attack-a", base);
    if ((mkdir(a, 0755) < 0 && errno != EEXIST) || (mkdir(dir_ab, 0755) < 0 && errno != EEXIST)) {
        printf("%s: setup %s\n", label, ename(errno));
        return;
    }
    // Climbing 1..8 levels out of b, then every name under which the host knows the secret.
    char paths[64][PATH_MAX];
    int n = 0;
    for (int up = 1; up <= 8; up++) {
        for (int s = 0; s < 4; s++) {
            char climb[64] = "";
            for (int i = 0; i < up; i++) strcat(climb, "../");
            const char *tail = s == 0 ? "secret" : s == 1 ? "%s/secret" : s == 2 ? "tmp/%s/secret" : "var/tmp/%s/secret";
            char rest[PATH_MAX];
            snprintf(rest, sizeof rest, tail, canary_name);
            if (use_dirfd) snprintf(paths[n++], PATH_MAX, "%s%s", climb, rest);
            else snprintf(paths[n++], PATH_MAX, "%s/%s%s", dir_ab, climb, rest);
        }
    }
    snprintf(paths[n++], PATH_MAX, "%s/../../../..%s/secret", use_dirfd ? "." : dir_ab, canary);
    int dirfd = AT_FDCWD;
    if (use_dirfd && (dirfd = open(dir_ab, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        printf("%s: setup %s\n", label, ename(errno));
        return;
    }
    atomic_store(&stop, 0);
    atomic_store(&renames, 0);
    pthread_t t;
    pthread_create(&t, NULL, renamer, NULL);
    long opens = 0, leaks = 0, enoent = 0;
    double deadline = now() + 6;
    for (long i = 0; i < iterations && now() < deadline; i++) {
        const char *p = paths[i % n];
        int fd = openat(dirfd, p, O_RDONLY | O_CLOEXEC);
        opens++;
        if (fd >= 0) {
            if (leaks++ < 3) leak(label, p, fd);
            close(fd);
        } else if (errno == ENOENT) {
            enoent++;
        }
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    if (dirfd >= 0) close(dirfd);
    fprintf(stderr, "%s: opens=%ld enoent=%ld renames=%ld leaks=%ld\n", label, opens, enoent, atomic_load(&renames), leaks);
    if (!leaks) printf("%s: ok\n", label);
    printf("%s raced: %s\n", label, opens >= 1000 && atomic_load(&renames) >= 100 ? "yes" : "no");
    rename(dir_c, dir_ab);
}

// ---- flipping path buffer ----

static char flip_buf[PATH_MAX];
static char flip_good[PATH_MAX], flip_bad[PATH_MAX];

static void *flipper(void *arg) {
    (void)arg;
    size_t g = strlen(flip_good) + 1, b = strlen(flip_bad) + 1;
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        memcpy((char *)flip_buf, flip_bad, b);
        for (volatile int i = 0; i < 50; i++) {}
        memcpy((char *)flip_buf, flip_good, g);
        for (volatile int i = 0; i < 50; i++) {}
    }
    return NULL;
}

static void flip_round(const char *label, const char *good, const char *bad, long opens) {
    const char content[] = "vfs-attack-allowed-content\n";
    int fd = open(good, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, content, sizeof content - 1) != sizeof content - 1) { printf("flip %s: setup %s\n", label, ename(errno)); return; }
    close(fd);
    snprintf(flip_good, sizeof flip_good, "%s", good);
    snprintf(flip_bad, sizeof flip_bad, "%s", bad);
    strcpy(flip_buf, good);
    atomic_store(&stop, 0);
    pthread_t t;
    pthread_create(&t, NULL, flipper, NULL);
    long ok = 0, failed = 0, leaks = 0;
    double deadline = now() + 12;
    long i;
    for (i = 0; i < opens && now() < deadline; i++) {
        int f = open(flip_buf, O_RDONLY | O_CLOEXEC);
        if (f < 0) { failed++; continue; }
        char buf[128] = {0};
        ssize_t n = read(f, buf, sizeof buf - 1);
        close(f);
        if (n == (ssize_t)(sizeof content - 1) && !memcmp(buf, content, n)) { ok++; continue; }
        if (leaks++ < 3) {
            for (ssize_t k = 0; k < n; k++) if (buf[k] == '\n') buf[k] = ' ';
            printf("flip %s: LEAK content=%s\n", label, n > 0 ? buf : "(none)");
        }
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    fprintf(stderr, "flip %s: opens=%ld successes=%ld failures=%ld leaks=%ld\n", label, i, ok, failed, leaks);
    if (!leaks) printf("flip %s: ok\n", label);
    printf("flip %s successes>0: %s\n", label, ok > 0 ? "yes" : "no");
    printf("flip %s failures>0: %s\n", label, failed > 0 ? "yes" : "no");
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc != 5) { fprintf(stderr, "usage: vfs_race rename|flip CANARY_DIR OUTPUT N\n"); return 2; }
    snprintf(canary, sizeof canary, "%s", argv[2]);
    snprintf(canary_name, sizeof canary_name, "%s", strrchr(argv[2], '/') + 1);
    output = argv[3];
    long n = atol(argv[4]);
    if (!strcmp(argv[1], "rename")) {
        rename_round("/tmp", 0, n);
        rename_round(output, 0, n);
        rename_round(output, 1, n);
    } else if (!strcmp(argv[1], "flip")) {
        char bad[PATH_MAX], good[PATH_MAX];
        snprintf(bad, sizeof bad, "%s/secret", canary);
        flip_round("tmp", "/tmp/vfs-attack-ok", bad, n);
        snprintf(good, sizeof good, "%s/vfs-attack-ok", output);
        snprintf(bad, sizeof bad, "%s/../secret", output);
        flip_round("output", good, bad, n);
    } else {
        return 2;
    }
    return 0;
}
