/* Helpers shared by the fs2_* conformance cases. */
#include "common.h"
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

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
    MUST(chmod(scratch, 0755));
    MUST(chdir(scratch));
}

static __attribute__((unused)) void leave_scratch(void) {
    struct stat st;
    MUST(chdir("/"));
    nftw(scratch, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    FACT("cleaned up", stat(scratch, &st) != 0);
}

static __attribute__((unused)) void put(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

/* Become uid/gid 1000 without supplementary groups (a no-op when already 1000). The scratch
 * dir is given to 1000 first so the unprivileged side can create files in it. */
static __attribute__((unused)) void drop_to_user(void) {
    if (getuid() == 0) {
        MUST(chown(scratch, 1000, 1000));
        MUST(setgroups(0, NULL));
        MUST(setgid(1000));
        MUST(setuid(1000));
    }
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

/* Wait for a child and print how it ended unless it exited 0. */
static __attribute__((unused)) void reap(const char *label, pid_t pid) {
    int st;
    fflush(stdout);
    if (waitpid(pid, &st, 0) < 0) { printf("%s: waitpid %s\n", label, errname(errno)); return; }
    if (WIFEXITED(st)) { if (WEXITSTATUS(st)) printf("%s: exit %d\n", label, WEXITSTATUS(st)); }
    else if (WIFSIGNALED(st)) printf("%s: killed by signal %d\n", label, WTERMSIG(st));
}
