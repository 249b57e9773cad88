// syscalls: openat getdents64 readlink fcntl dup2 dup3 close close_range pipe2 socketpair eventfd2 epoll_create1 timerfd_create signalfd4 inotify_init1 memfd_create pidfd_open fstat newfstatat clone
// expect: same
/* /proc/self/fd lists exactly the open descriptors: its set equals the fds fcntl(F_GETFD) finds
 * (less the listing's own), through dup2 onto a high number, close, close_range and a fork (the
 * parent's view of /proc/<child>/fd after the child closes some); /dev/fd lists the same set.
 * Link shapes per kind: pipe:[N] and socket:[N] where N is fstat's st_ino (both pipe ends one
 * inode, the two socketpair ends two), anon_inode:[eventfd], [eventpoll], [timerfd], [signalfd],
 * anon_inode:inotify, /memfd:NAME (deleted), and what a pidfd reads as; stat through the link
 * gives the object's type. */
#include "common.h"
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

#define MAXFD 1024

/* Bitmap of fds listed in dir, minus the listing's own descriptor. */
static int listed(const char *dir, unsigned char *set) {
    memset(set, 0, MAXFD);
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd == dirfd(d)) continue;
        if (fd >= 0 && fd < MAXFD) set[fd] = 1;
        n++;
    }
    closedir(d);
    return n;
}

static void compare(const char *label) {
    unsigned char a[MAXFD], b[MAXFD], want[MAXFD];
    int n = listed("/proc/self/fd", a);
    listed("/dev/fd", b);
    int count = 0;
    for (int fd = 0; fd < MAXFD; fd++) { want[fd] = fcntl(fd, F_GETFD) >= 0; count += want[fd]; }
    printf("%s: %d open, /proc/self/fd == open set %s, /dev/fd same %s\n", label, count,
           n == count && !memcmp(a, want, MAXFD) ? "yes" : "no", !memcmp(a, b, MAXFD) ? "yes" : "no");
}

static void shape(const char *label, int fd) {
    char p[64], l[256];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(p, l, sizeof l - 1);
    if (n < 0) { printf("%s: %s\n", label, errname(errno)); return; }
    l[n] = 0;
    struct stat st, via;
    fstat(fd, &st);
    int stat_ok = stat(p, &via) == 0 && via.st_ino == st.st_ino && via.st_dev == st.st_dev &&
                  (via.st_mode & S_IFMT) == (st.st_mode & S_IFMT);
    char *br = strchr(l, '[');
    if (br && br[1] >= '0' && br[1] <= '9') {
        unsigned long long ino = strtoull(br + 1, NULL, 10);
        br[1] = 0;
        printf("%s: %sN], N == st_ino %s, stat via link == fstat %s\n", label, l, ino == st.st_ino ? "yes" : "no",
               stat_ok ? "yes" : "no");
    } else {
        printf("%s: %s, stat via link == fstat %s\n", label, l, stat_ok ? "yes" : "no");
    }
}

int main(void) {
    for (int fd = 3; fd < MAXFD; fd++) close(fd);
    compare("start");
    int p[2], s[2];
    MUST(pipe2(p, O_CLOEXEC));
    MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
    int ev = eventfd(0, 0), ep = epoll_create1(0), tf = timerfd_create(CLOCK_MONOTONIC, 0), in = inotify_init1(0);
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    int sf = signalfd(-1, &mask, 0);
    int mf = memfd_create("pf3-name", 0);
    int null = open("/dev/null", O_RDWR);
    compare("with 11 more");
    shape("pipe read end", p[0]);
    shape("pipe write end", p[1]);
    struct stat a, b;
    fstat(p[0], &a); fstat(p[1], &b);
    FACT("pipe ends share an inode", a.st_ino == b.st_ino);
    FACT("pipe is S_IFIFO", S_ISFIFO(a.st_mode));
    shape("socketpair end 0", s[0]);
    shape("socketpair end 1", s[1]);
    fstat(s[0], &a); fstat(s[1], &b);
    FACT("socketpair ends are two inodes", a.st_ino != b.st_ino);
    FACT("socket is S_IFSOCK", S_ISSOCK(a.st_mode));
    shape("eventfd", ev);
    shape("epoll", ep);
    shape("timerfd", tf);
    shape("inotify", in);
    shape("signalfd", sf);
    shape("memfd", mf);
    shape("/dev/null", null);
    int pidfd = syscall(SYS_pidfd_open, getpid(), 0);
    if (pidfd < 0) printf("pidfd_open: %s\n", errname(errno));
    else {
        char l[256], pth[64];
        snprintf(pth, sizeof pth, "/proc/self/fd/%d", pidfd);
        ssize_t n = readlink(pth, l, sizeof l - 1);
        l[n > 0 ? n : 0] = 0;
        char *br = strchr(l, '[');
        if (br && br[1] >= '0' && br[1] <= '9') br[1] = 0;
        printf("pidfd: %s\n", n > 0 ? l : errname(errno));
    }

    MUST(dup2(ev, 700));
    MUST(dup3(s[0], 701, O_CLOEXEC));
    compare("after dup2 700, dup3 701");
    close(ev);
    close(701);
    compare("after closing the eventfd and 701");
    long r = syscall(SYS_close_range, 5, 9, 0);
    printf("close_range 5..9: %s\n", r == 0 ? "ok" : errname(errno));
    compare("after close_range 5..9");
    r = syscall(SYS_close_range, 650, ~0U, 0);
    compare("after close_range 650..max");

    int sync_p[2];
    MUST(pipe(sync_p));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        /* Its stdin becomes the pipe it waits on; everything from 3 is closed. */
        dup2(sync_p[0], 0);
        syscall(SYS_close_range, 3, ~0U, 0);
        char x;
        _exit(read(0, &x, 1) < 0);
    }
    close(sync_p[0]);
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", c);
    unsigned char set[MAXFD];
    int n = -1;
    for (int k = 0; k < 200; k++) {
        n = listed(dir, set);
        if (n == 3 || n < 0) break;
        usleep(5000);
    }
    close(sync_p[1]);
    waitpid(c, NULL, 0);
    printf("child after close_range 3..max: %d entries, 0-2 listed %s\n", n, set[0] && set[1] && set[2] ? "yes" : "no");
    return 0;
}
