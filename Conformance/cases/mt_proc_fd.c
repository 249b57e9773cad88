// syscalls: openat getdents64 readlink close dup2 pipe2 socketpair
// expect: same
/* /proc/self/fd and /proc/self/fdinfo follow the descriptor table: entries appear when fds are
 * opened and vanish when closed; readlink names the file, pipe:[N], socket:[N]; fdinfo shows the
 * flags and position. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/wait.h>

static int listed(int fd) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int found = 0;
    struct dirent *e;
    char want[16];
    snprintf(want, sizeof want, "%d", fd);
    while ((e = readdir(d))) if (!strcmp(e->d_name, want)) found = 1;
    closedir(d);
    return found;
}

static int count(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') n++;
    closedir(d);
    return n - 1;
}

static const char *kind(int fd) {
    static char link[256];
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, link, sizeof link - 1);
    if (n < 0) return errname(errno);
    link[n] = 0;
    if (!strncmp(link, "pipe:[", 6)) return "pipe:[N]";
    if (!strncmp(link, "socket:[", 8)) return "socket:[N]";
    if (!strncmp(link, "anon_inode:", 11)) return link;
    if (!strncmp(link, "/tmp/conf-procfd-", 17)) {
        static char masked[300];
        snprintf(masked, sizeof masked, "/tmp/conf-procfd-XXXXXX%s", strlen(link) > 23 ? link + 23 : "");
        return masked;
    }
    return link;
}

static void fdinfo(int fd) {
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/self/fdinfo/%d", fd);
    int f = open(p, O_RDONLY);
    if (f < 0) { printf("  fdinfo %d: %s\n", fd, errname(errno)); return; }
    ssize_t n = read(f, buf, sizeof buf - 1);
    close(f);
    buf[n > 0 ? n : 0] = 0;
    long pos = -1;
    unsigned flags = 0;
    for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
        sscanf(l, "pos: %ld", &pos);
        sscanf(l, "flags: %o", &flags);
    }
    printf("  fdinfo %d: pos %ld, O_ACCMODE %o, O_APPEND %s, O_CLOEXEC %s, O_NONBLOCK %s\n", fd, pos,
           flags & O_ACCMODE, flags & O_APPEND ? "yes" : "no", flags & O_CLOEXEC ? "yes" : "no",
           flags & O_NONBLOCK ? "yes" : "no");
}

int main(void) {
    int base = count();
    char path[] = "/tmp/conf-procfd-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    MUST(write(f, "abcdef", 6));
    int r = open(path, O_RDONLY | O_CLOEXEC);
    MUST(r);
    MUST(lseek(r, 2, SEEK_SET));
    int a = open(path, O_WRONLY | O_APPEND);
    int p[2], s[2];
    MUST(pipe2(p, O_NONBLOCK));
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    MUST(dup2(r, 50));
    printf("added entries: %d\n", count() - base);
    printf("fd %d -> %s\n", f, kind(f));
    printf("fd 50 (dup2 of %d) -> %s\n", r, kind(50));
    printf("pipe ends -> %s %s\n", kind(p[0]), kind(p[1]));
    printf("socketpair -> %s %s\n", kind(s[0]), kind(s[1]));
    printf("/dev/null stdin -> %s\n", kind(0));
    fdinfo(f); fdinfo(r); fdinfo(50); fdinfo(a); fdinfo(p[0]); fdinfo(p[1]);
    close(r);
    printf("after close(%d): it -> %s, fd 50 listed %d, count added %d\n", r, kind(r), listed(50), count() - base);
    close(50); close(a); close(p[0]); close(p[1]); close(s[0]); close(s[1]);
    printf("after closing all but the first: count added %d, fd 50 -> %s\n", count() - base, kind(50));
    unlink(path);
    printf("unlinked file -> %s\n", kind(f));
    close(f);
    printf("all closed: count added %d\n", count() - base);

    /* another process's fd directory: a child with a pipe on fd 60 */
    int q[2];
    MUST(pipe(q));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        dup2(q[0], 60);
        close(q[1]);
        write(1, "", 0);
        char b;
        read(60, &b, 1);
        _exit(0);
    }
    close(q[0]);
    char pth[64], link[64];
    snprintf(pth, sizeof pth, "/proc/%d/fd/60", c);
    ssize_t n = -1;
    for (int i = 0; i < 200 && n < 0; i++) { n = readlink(pth, link, sizeof link - 1); if (n < 0) usleep(10000); }
    if (n >= 0) link[n] = 0;
    printf("child's fd 60 -> %s\n", n < 0 ? errname(errno) : !strncmp(link, "pipe:[", 6) ? "pipe:[N]" : link);
    snprintf(pth, sizeof pth, "/proc/%d/fd/%d", c, q[1]);
    n = readlink(pth, link, sizeof link - 1);
    printf("child's copy of our write end (closed there): %s\n", n < 0 ? errname(errno) : "present");
    write(q[1], "x", 1);
    close(q[1]);
    waitpid(c, NULL, 0);
    return 0;
}
