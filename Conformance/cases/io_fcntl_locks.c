// syscalls: fcntl flock dup openat fork wait4 pipe2
// expect: same
/* F_DUPFD/F_DUPFD_CLOEXEC (lowest free at or above arg, EINVAL), F_GETFL/F_SETFL, and locks
 * between a parent and a child: flock (shared/exclusive, LOCK_NB, upgrade), fcntl record locks
 * (F_SETLK conflicts EAGAIN, F_GETLK names the holder, byte ranges, unlock on close),
 * OFD locks (F_OFD_SETLK/F_OFD_GETLK). */
#include "common.h"
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>

static int to_child[2], to_parent[2];
static void say(int fd, char c) { write(fd, &c, 1); }
static char hear(int fd) { char c = '?'; read(fd, &c, 1); return c; }

static const char *ltype(int t) { return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?"; }

int main(void) {
    int fd = open("/proc/self/stat", O_RDONLY);
    MUST(fd);
    int d = fcntl(fd, F_DUPFD, 50);
    printf("F_DUPFD 50: %d\n", d);
    printf("F_DUPFD 50 again: %d\n", fcntl(fd, F_DUPFD, 50));
    int dc = fcntl(fd, F_DUPFD_CLOEXEC, 60);
    printf("F_DUPFD_CLOEXEC 60: %d cloexec %s\n", dc, fcntl(dc, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
    FACT("F_DUPFD clears cloexec", fcntl(d, F_GETFD) == 0);
    REPORT("F_DUPFD negative", fcntl(fd, F_DUPFD, -1));
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    REPORT("F_DUPFD at RLIMIT_NOFILE", fcntl(fd, F_DUPFD, (int)rl.rlim_cur));
    REPORT("F_DUPFD_CLOEXEC bad fd", fcntl(999, F_DUPFD_CLOEXEC, 0));
    REPORT("F_SETFD bad fd", fcntl(999, F_SETFD, 0));
    REPORT("unknown cmd", fcntl(fd, 9999));
    printf("F_SETFD 3 then F_GETFD: %d\n", (fcntl(d, F_SETFD, 3), fcntl(d, F_GETFD)));
    printf("F_GETFL accmode O_RDONLY: %s\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY ? "yes" : "no");
    fcntl(fd, F_SETFL, O_NONBLOCK | O_APPEND | O_RDWR);
    int fl = fcntl(d, F_GETFL);
    printf("F_SETFL shared with the dup: NONBLOCK %s APPEND %s accmode unchanged %s\n", (fl & O_NONBLOCK) ? "yes" : "no",
           (fl & O_APPEND) ? "yes" : "no", (fl & O_ACCMODE) == O_RDONLY ? "yes" : "no");

    char path[] = "/tmp/conf-locks-XXXXXX";
    int f = mkstemp(path);
    MUST(f);
    MUST(ftruncate(f, 100));
    MUST(pipe(to_child)); MUST(pipe(to_parent));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int cf = open(path, O_RDWR);
        /* step 1: take flock LOCK_SH and fcntl write lock on bytes 10..19 */
        flock(cf, LOCK_SH);
        struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 10 };
        fcntl(cf, F_SETLK, &l);
        say(to_parent[1], 'a');
        hear(to_child[0]);
        /* step 2: drop everything by closing */
        close(cf);
        say(to_parent[1], 'b');
        hear(to_child[0]);
        _exit(0);
    }
    hear(to_parent[0]);
    int pf = open(path, O_RDWR);
    REPORT("flock LOCK_SH while child holds LOCK_SH", flock(pf, LOCK_SH | LOCK_NB));
    REPORT("flock upgrade to LOCK_EX (conflict)", flock(pf, LOCK_EX | LOCK_NB));
    REPORT("flock LOCK_UN", flock(pf, LOCK_UN));
    REPORT("flock bad operation", flock(pf, 77));
    REPORT("flock LOCK_EX on another open (conflict)", flock(f, LOCK_EX | LOCK_NB));

    struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
    REPORT("F_GETLK whole file", fcntl(pf, F_GETLK, &q));
    printf("  type %s start %lld len %lld pid is the child %s\n", ltype(q.l_type), (long long)q.l_start, (long long)q.l_len,
           q.l_pid == c ? "yes" : "no");
    struct flock w = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 15, .l_len = 1 };
    REPORT("F_SETLK overlapping write (conflict)", fcntl(pf, F_SETLK, &w));
    w.l_type = F_RDLCK;
    REPORT("F_SETLK overlapping read (conflict)", fcntl(pf, F_SETLK, &w));
    w.l_start = 20; w.l_len = 5; w.l_type = F_WRLCK;
    REPORT("F_SETLK adjacent range", fcntl(pf, F_SETLK, &w));
    q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    fcntl(pf, F_GETLK, &q);
    printf("F_GETLK free range: %s\n", ltype(q.l_type));
    q = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 20, .l_len = 5 };
    fcntl(pf, F_GETLK, &q);
    printf("F_GETLK own lock not reported: %s\n", ltype(q.l_type));
    q = (struct flock){ .l_type = 99, .l_whence = SEEK_SET };
    REPORT("F_GETLK bad type", fcntl(pf, F_GETLK, &q));
    q = (struct flock){ .l_type = F_RDLCK, .l_whence = 9 };
    REPORT("F_SETLK bad whence", fcntl(pf, F_SETLK, &q));
    int ro = open(path, O_RDONLY);
    q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 50, .l_len = 1 };
    REPORT("F_SETLK write lock on read-only fd", fcntl(ro, F_SETLK, &q));
    q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 30, .l_len = 5 };
    REPORT("F_OFD_SETLK with l_pid 0", fcntl(f, F_OFD_SETLK, &q));
    q.l_pid = 1;
    REPORT("F_OFD_SETLK with l_pid set", fcntl(f, F_OFD_SETLK, &q));
    q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 30, .l_len = 1 };
    fcntl(pf, F_OFD_GETLK, &q);
    printf("F_OFD_GETLK from another open file: %s pid %d\n", ltype(q.l_type), q.l_pid);
    q = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 30, .l_len = 1 };
    REPORT("F_SETLK (process lock) against the OFD lock", fcntl(pf, F_SETLK, &q));

    say(to_child[1], 'x');
    hear(to_parent[0]);
    REPORT("flock LOCK_EX after child closed", flock(pf, LOCK_EX | LOCK_NB));
    w = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 10 };
    REPORT("F_SETLK after child closed", fcntl(pf, F_SETLK, &w));
    say(to_child[1], 'y');
    int st;
    waitpid(c, &st, 0);
    unlink(path);
    return 0;
}
