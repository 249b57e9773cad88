// syscalls: openat dup2 readlink readlinkat getdents64 lseek read clone wait4 waitid
// expect: same
/* After fork the child dup2s over a descriptor the parent opened with a trapped openat, closes
 * another and opens a third file: its /proc/self/fd links and the parent's view through
 * /proc/<child>/fd follow the child's table, the parent's own table is untouched, and offsets stay
 * shared per open file description. When the child is a zombie and after it is reaped, the fd
 * links and the listing go away. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>

static char dir[64];

static const char *link_name(const char *path) {
    static char out[256];
    char t[256];
    ssize_t n = readlink(path, t, sizeof t - 1);
    if (n < 0) return errname(errno);
    t[n] = 0;
    const char *b = strrchr(t, '/');
    snprintf(out, sizeof out, "%s", b ? b + 1 : t);
    return out;
}

static const char *fd_link(pid_t pid, int fd) {
    char p[64];
    if (pid) snprintf(p, sizeof p, "/proc/%d/fd/%d", pid, fd);
    else snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    return link_name(p);
}

static int list_count(pid_t pid, int *has30) {
    char p[64];
    snprintf(p, sizeof p, "/proc/%d/fd", pid);
    DIR *d = opendir(p);
    if (!d) return -errno;
    int n = 0;
    *has30 = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        n++;
        if (!strcmp(e->d_name, "30")) *has30 = 1;
    }
    closedir(d);
    return n;
}

static void make(const char *name, const char *text) {
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
}

int main(void) {
    strcpy(dir, "/tmp/mt3-d2-XXXXXX");
    MUST(mkdtemp(dir) ? 0 : -1);
    make("alpha", "AAAAAAAA");
    make("beta", "BBBBBBBB");
    make("gamma", "CCCCCCCC");
    char p[128];
    snprintf(p, sizeof p, "%s/alpha", dir);
    int a = openat(AT_FDCWD, p, O_RDONLY);
    MUST(a);
    MUST(dup2(a, 30));
    close(a);
    snprintf(p, sizeof p, "%s/beta", dir);
    int b = openat(AT_FDCWD, p, O_RDONLY);
    MUST(b);
    MUST(dup2(b, 31));
    close(b);

    int ready[2], go[2];
    MUST(pipe(ready));
    MUST(pipe(go));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        close(ready[0]); close(go[1]);
        if (dup2(31, 30) != 30) _exit(1);
        char x[2];
        if (read(30, x, 2) != 2 || x[0] != 'B') _exit(2);     /* moves beta's shared offset */
        close(31);
        int lowest = fcntl(0, F_DUPFD, 0);
        close(lowest);
        snprintf(p, sizeof p, "%s/gamma", dir);
        int g = openat(AT_FDCWD, p, O_RDONLY);
        if (g != lowest) _exit(3);
        if (dup2(g, 32) != 32) _exit(4);
        close(g);
        write(ready[1], "r", 1);
        char w;
        read(go[0], &w, 1);
        _exit(0);
    }
    close(ready[1]); close(go[0]);
    char r;
    if (read(ready[0], &r, 1) != 1) {
        int st;
        waitpid(c, &st, 0);
        printf("child failed at step %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        return 1;
    }
    printf("parent fd 30: %s\n", fd_link(0, 30));
    printf("parent fd 31: %s\n", fd_link(0, 31));
    printf("child fd 30 (dup2 of 31): %s\n", fd_link(c, 30));
    printf("child fd 31 (closed): %s\n", fd_link(c, 31));
    printf("child fd 32 (opened after fork): %s\n", fd_link(c, 32));
    printf("parent fd 32: %s\n", fd_link(0, 32));
    printf("alpha's offset in the parent: %ld\n", (long)lseek(30, 0, SEEK_CUR));
    printf("beta's offset in the parent (the child read 2): %ld\n", (long)lseek(31, 0, SEEK_CUR));
    int has30;
    int n = list_count(c, &has30);
    printf("child's fd listing has 30: %s\n", n < 0 ? errname(-n) : has30 ? "yes" : "no");
    /* the same link by a relative readlinkat from a directory descriptor of /proc/<child> */
    snprintf(p, sizeof p, "/proc/%d", c);
    int pd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    MUST(pd);
    char t[256];
    ssize_t l = readlinkat(pd, "fd/32", t, sizeof t - 1);
    if (l >= 0) { t[l] = 0; printf("readlinkat(/proc/<child>, fd/32) ends in gamma: %s\n", strstr(t, "/gamma") ? "yes" : "no"); }
    else printf("readlinkat(/proc/<child>, fd/32): %s\n", errname(errno));

    write(go[1], "g", 1);
    siginfo_t si;
    MUST(waitid(P_PID, c, &si, WEXITED | WNOWAIT));
    printf("zombie: child fd 30: %s\n", fd_link(c, 30));
    n = list_count(c, &has30);
    printf("zombie: fd listing: %s\n", n < 0 ? errname(-n) : n == 0 ? "empty" : "not empty");
    l = readlinkat(pd, "fd/32", t, sizeof t - 1);
    printf("zombie: readlinkat(/proc/<child>, fd/32): %s\n", l >= 0 ? "ok" : errname(errno));
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    printf("reaped: child fd 30: %s\n", fd_link(c, 30));
    n = list_count(c, &has30);
    printf("reaped: fd listing: %s\n", n < 0 ? errname(-n) : "listed");
    l = readlinkat(pd, "fd/32", t, sizeof t - 1);
    printf("reaped: readlinkat(/proc/<child>, fd/32): %s\n", l >= 0 ? "ok" : errname(errno));
    int f = openat(pd, "status", O_RDONLY);
    printf("reaped: openat(/proc/<child>, status): %s\n", f >= 0 ? "ok" : errname(errno));
    if (f >= 0) close(f);
    close(pd);
    close(30); close(31);
    const char *names[] = { "alpha", "beta", "gamma" };
    for (int i = 0; i < 3; i++) { snprintf(p, sizeof p, "%s/%s", dir, names[i]); unlink(p); }
    REPORT("rmdir scratch", rmdir(dir));
    return 0;
}
