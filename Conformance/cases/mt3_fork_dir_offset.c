// syscalls: openat getdents64 lseek clone wait4 pipe2 mkdirat unlinkat
// expect: same
/* A directory descriptor opened (trapped openat) before fork shares its open file description,
 * and so its listing position, with the child: what the child lists the parent does not list
 * again; a rewind in the child rewinds the parent. Then the parent, a thread of the parent and
 * the child list the same description at once with tiny buffers: every name is returned exactly
 * once over all three (each getdents64 moves the shared position atomically). Only counts are
 * printed. */
#include "common.h"
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define FILES 300

static char dir[64];
static int dfd;
static unsigned char seen[FILES + 2];

/* Lists with a `size`-byte buffer until EOF or `max_calls` calls; reports each name's index to
 * `out` (a pipe) or marks it in `seen`. Returns the number of names or -errno. */
static int list(int fd, size_t size, int max_calls, int out) {
    char buf[4096];
    int names = 0;
    for (int call = 0; max_calls < 0 || call < max_calls; call++) {
        long n = syscall(SYS_getdents64, fd, buf, size);
        if (n < 0) return -errno;
        if (n == 0) break;
        for (long off = 0; off < n;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *name = buf + off + 19;
            int idx = !strcmp(name, ".") ? FILES : !strcmp(name, "..") ? FILES + 1 : atoi(name + 1);
            if (out >= 0) { unsigned short v = (unsigned short)idx; write(out, &v, sizeof v); }
            else __atomic_fetch_add(&seen[idx], 1, __ATOMIC_RELAXED);
            names++;
            off += reclen;
        }
    }
    return names;
}

static void *thread_lister(void *arg) {
    (void)arg;
    return (void *)(long)list(dfd, 64, -1, -1);
}

/* Collects the indices a child sent through `fd` into `seen`. */
static int collect(int fd) {
    unsigned short v;
    int n = 0;
    while (read(fd, &v, sizeof v) == sizeof v) { if (v < FILES + 2) seen[v]++; n++; }
    return n;
}

static void verdict(const char *label) {
    int missing = 0, dup = 0;
    for (int i = 0; i < FILES + 2; i++) { if (!seen[i]) missing++; if (seen[i] > 1) dup++; }
    printf("%s: missing %d, returned twice %d\n", label, missing, dup);
    memset(seen, 0, sizeof seen);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-dir-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    char path[128];
    for (int i = 0; i < FILES; i++) {
        /* names of varied lengths, so records of several sizes meet the small buffers */
        snprintf(path, sizeof path, "%s/f%d%.*s", dir, i, i % 13, "_____________");
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        MUST(fd);
        close(fd);
    }
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    MUST(dfd);

    /* 1. the child lists part; the parent goes on from there */
    int p[2];
    MUST(pipe2(p, 0));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) { close(p[0]); _exit(list(dfd, 256, 3, p[1]) > 0 ? 0 : 1); }
    close(p[1]);
    int child_names = collect(p[0]);
    close(p[0]);
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child listed some names", child_names > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    int parent_names = list(dfd, 1024, -1, -1);
    FACT("parent listed the rest", parent_names > 0);
    printf("child + parent names: %d\n", child_names + parent_names);
    verdict("child then parent");

    /* 2. the child lists to the end: the parent is at EOF; the child rewinds: the parent starts over */
    for (int rewind = 0; rewind <= 1; rewind++) {
        fflush(stdout);
        c = fork();
        MUST(c);
        if (c == 0) {
            if (rewind) _exit(lseek(dfd, 0, SEEK_SET) == 0 ? 0 : 1);
            _exit(list(dfd, 4096, -1, -1) >= 0 ? 0 : 1);
        }
        MUST(waitpid(c, &st, 0));
        int n = list(dfd, 4096, -1, -1);
        if (!rewind) printf("after the child listed to the end, parent lists: %d\n", n);
        else { printf("after the child rewound, parent lists: %d\n", n); verdict("after rewind"); }
    }

    /* 3. parent, a thread and a child list at once with 64-byte buffers */
    for (int round = 0; round < 5; round++) {
        MUST(lseek(dfd, 0, SEEK_SET));
        MUST(pipe2(p, 0));
        int go[2];
        MUST(pipe2(go, 0));
        fflush(stdout);
        c = fork();
        MUST(c);
        if (c == 0) {
            close(p[0]); close(go[1]);
            char b;
            read(go[0], &b, 1);
            _exit(list(dfd, 64, -1, p[1]) >= 0 ? 0 : 1);
        }
        close(p[1]); close(go[0]);
        pthread_t t;
        MUST(-(pthread_create(&t, NULL, thread_lister, NULL) != 0));
        write(go[1], "g", 1);
        close(go[1]);
        int mine = list(dfd, 64, -1, -1);
        int theirs = collect(p[0]);
        close(p[0]);
        void *tr;
        pthread_join(t, &tr);
        MUST(waitpid(c, &st, 0));
        if (round == 0 || mine < 0 || (long)tr < 0)
            printf("concurrent listing round %d: errors %s\n", round, mine < 0 || (long)tr < 0 ? "yes" : "no");
        (void)theirs;
        char label[64];
        snprintf(label, sizeof label, "concurrent listing round %d", round);
        verdict(label);
    }
    close(dfd);

    for (int i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "%s/f%d%.*s", dir, i, i % 13, "_____________");
        unlink(path);
    }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
