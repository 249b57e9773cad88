// syscalls: clone unshare openat newfstatat getdents64 readlink readlinkat close wait4 futex
// expect: same
/* A child made by clone(CLONE_FILES) shares the descriptor table: what its trapped openat
 * returns is open in the parent, /proc/<child>/fd and /proc/self/fd list the same numbers, the
 * parent lists and resolves relative names through a directory descriptor the child opened, and
 * a close on either side is seen by the other. A thread that did unshare(CLONE_FILES) holds a
 * private copy: its opens are not the process's, yet relative lookups (openat, fstatat,
 * readlinkat, getdents64) through its private descriptors work, while /proc/self/fd (the main
 * thread's table) does not show them. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char dir[64];
static int to_child[2], from_child[2];
static int child_dir = -1, child_file = -1;

static void put(const char *name, const char *text) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

static int child_main(void *arg) {
    (void)arg;
    char b;
    child_dir = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);
    char p[128];
    snprintf(p, sizeof p, "%s/one", dir);
    child_file = openat(AT_FDCWD, p, O_RDONLY);
    write(from_child[1], "1", 1);
    read(to_child[0], &b, 1);                    /* the parent closed child_file meanwhile */
    int gone = fcntl(child_file, F_GETFD) == -1 && errno == EBADF;
    write(from_child[1], gone ? "y" : "n", 1);
    read(to_child[0], &b, 1);
    return 0;
}

static const char *link_tail(const char *path) {
    static char out[128];
    char t[256];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n < 0) return errname(errno);
    t[n] = 0;
    const char *s = strrchr(t, '/');
    snprintf(out, sizeof out, "%.120s", s && !strncmp(s + 1, "mt3-cf-", 7) ? "the scratch directory" : s ? s + 1 : t);
    return out;
}

static int fd_set_of(const char *path, unsigned char *set) {
    memset(set, 0, 1024);
    DIR *d = opendir(path);
    if (!d) return -1;
    int own = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') { int n = atoi(e->d_name); if (n < 1024 && n != own) set[n] = 1; }
    closedir(d);
    return 0;
}

static int names_in(int dfd) {
    lseek(dfd, 0, SEEK_SET);
    char buf[4096];
    int n = 0;
    long r;
    while ((r = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0)
        for (long off = 0; off < r; off += *(unsigned short *)(buf + off + 16)) if (buf[off + 19] != '.') n++;
    return r < 0 ? -errno : n;
}

static int private_dir = -1;
static void *unsharer(void *arg) {
    (void)arg;
    if (unshare(CLONE_FILES) != 0) { printf("thread: unshare(CLONE_FILES): %s\n", errname(errno)); return NULL; }
    private_dir = openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(dup2(private_dir, 120));
    close(private_dir);
    private_dir = 120;
    int f = openat(120, "two", O_RDONLY | O_CLOEXEC);
    char c = 0;
    printf("thread: openat(private dirfd, \"two\"): %s\n", f >= 0 && read(f, &c, 1) == 1 && c == '2' ? "reads 2" : errname(errno));
    if (f >= 0) close(f);
    struct stat st;
    printf("thread: fstatat(private dirfd, \"one\"): %s\n", fstatat(120, "one", &st, 0) == 0 ? "ok" : errname(errno));
    printf("thread: fstatat(private dirfd, \"\", AT_EMPTY_PATH) is a directory: %s\n",
           fstatat(120, "", &st, AT_EMPTY_PATH) == 0 && S_ISDIR(st.st_mode) ? "yes" : errname(errno));
    char t[32];
    ssize_t n = readlinkat(120, "link", t, sizeof t - 1);
    if (n >= 0) t[n] = 0;
    printf("thread: readlinkat(private dirfd, \"link\"): %s\n", n >= 0 ? t : errname(errno));
    printf("thread: getdents64 of the private dirfd: %d names\n", names_in(120));
    printf("thread: /proc/thread-self/fd/120: %s\n", link_tail("/proc/thread-self/fd/120"));
    printf("thread: /proc/self/fd/120 (the main thread's table): %s\n", link_tail("/proc/self/fd/120"));
    fflush(stdout);
    return NULL;
}

int main(void) {
    strcpy(dir, "/tmp/mt3-cf-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    put("one", "1");
    put("two", "2");
    char p[128];
    snprintf(p, sizeof p, "%s/link", dir);
    MUST(symlink("one", p));
    MUST(pipe2(to_child, O_CLOEXEC));
    MUST(pipe2(from_child, O_CLOEXEC));
    static char stack[256 * 1024];
    fflush(stdout);
    pid_t c = clone(child_main, stack + sizeof stack, CLONE_FILES | SIGCHLD, NULL);
    MUST(c);
    char b;
    MUST(read(from_child[0], &b, 1));
    /* the child's descriptors numbers are in its memory, not ours: find them by their links */
    int cdir = -1, cfile = -1;
    for (int fd = 3; fd < 64; fd++) {
        char q[64];
        snprintf(q, sizeof q, "/proc/self/fd/%d", fd);
        const char *t = link_tail(q);
        if (!strcmp(t, "the scratch directory")) cdir = fd;
        if (!strcmp(t, "one")) cfile = fd;
    }
    printf("parent: the child's directory and file are open here: %s\n", cdir >= 0 && cfile >= 0 ? "yes" : "no");
    unsigned char mine[1024], theirs[1024];
    snprintf(p, sizeof p, "/proc/%d/fd", c);
    fd_set_of("/proc/self/fd", mine);
    fd_set_of(p, theirs);
    printf("parent: /proc/self/fd and /proc/<child>/fd list the same: %s\n", memcmp(mine, theirs, sizeof mine) ? "no" : "yes");
    snprintf(p, sizeof p, "/proc/%d/fd/%d", c, cfile);
    printf("parent: /proc/<child>/fd/<file>: %s\n", link_tail(p));
    if (cdir >= 0) {
        printf("parent: getdents64 of the child's directory descriptor: %d names\n", names_in(cdir));
        int f = openat(cdir, "two", O_RDONLY | O_CLOEXEC);
        printf("parent: openat(child's dirfd, \"two\"): %s\n", f >= 0 ? "ok" : errname(errno));
        if (f >= 0) close(f);
    }
    if (cfile >= 0) close(cfile);
    write(to_child[1], "c", 1);
    MUST(read(from_child[0], &b, 1));
    printf("child: sees the parent's close: %s\n", b == 'y' ? "yes" : "no");
    write(to_child[1], "q", 1);
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    printf("parent: the child's directory descriptor outlives the child: %s\n", cdir >= 0 && fcntl(cdir, F_GETFD) >= 0 ? "yes" : "no");
    if (cdir >= 0) close(cdir);

    pthread_t t;
    MUST(-(pthread_create(&t, NULL, unsharer, NULL) != 0));
    pthread_join(t, NULL);
    printf("main: fd 120 after the thread's private open: %s\n", fcntl(120, F_GETFD) >= 0 ? "open" : errname(errno));

    const char *names[] = { "one", "two", "link" };
    for (int i = 0; i < 3; i++) { snprintf(p, sizeof p, "%s/%s", dir, names[i]); unlink(p); }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
