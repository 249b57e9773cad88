// syscalls: openat fcntl clone execve wait4 dup3 pipe2
// expect: same
/* Descriptors across fork and exec: an fd with FD_CLOEXEC survives fork but not exec; one
 * without survives both. Checked by re-executing the case's own binary with an argument naming
 * the fds to probe, and through /bin/sh -c. */
#include "common.h"
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int run_self(const char *self, const char *arg) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        execl(self, self, "probe", arg, (char *)NULL);
        _exit(98);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 200;
}

int main(int argc, char **argv) {
    if (argc == 3 && !strcmp(argv[1], "probe")) {
        /* argv[2]: comma separated fds; print whether each is open */
        char *s = argv[2];
        while (*s) {
            int fd = strtol(s, &s, 10);
            int fl = fcntl(fd, F_GETFD);
            printf("  after exec fd %d: %s\n", fd, fl == -1 ? errname(errno) : fl ? "open cloexec?" : "open");
            if (*s == ',') s++;
        }
        return 0;
    }
    int plain = open("/dev/null", O_RDONLY);
    int cloexec = open("/dev/null", O_RDONLY | O_CLOEXEC);
    MUST(plain); MUST(cloexec);
    MUST(dup2(plain, 40));
    MUST(dup3(plain, 41, O_CLOEXEC));
    MUST(dup2(plain, 42));
    MUST(fcntl(42, F_SETFD, FD_CLOEXEC));
    MUST(fcntl(cloexec, F_DUPFD_CLOEXEC, 43) == 43 ? 0 : -1);
    MUST(fcntl(plain, F_DUPFD, 44) == 44 ? 0 : -1);
    MUST(dup2(plain, 45));
    MUST(fcntl(45, F_SETFD, FD_CLOEXEC));
    MUST(fcntl(45, F_SETFD, 0)); /* cleared again */
    int p[2];
    MUST(pipe2(p, O_CLOEXEC));
    MUST(dup2(p[0], 46));
    MUST(dup2(p[1], 47));
    close(p[0]); close(p[1]);
    MUST(fcntl(47, F_SETFD, FD_CLOEXEC));

    /* in a forked child without exec, all are still open with their flags */
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int ok = fcntl(40, F_GETFD) == 0 && fcntl(41, F_GETFD) == FD_CLOEXEC &&
                 fcntl(42, F_GETFD) == FD_CLOEXEC && fcntl(43, F_GETFD) == FD_CLOEXEC &&
                 fcntl(44, F_GETFD) == 0 && fcntl(45, F_GETFD) == 0 &&
                 fcntl(46, F_GETFD) == 0 && fcntl(47, F_GETFD) == FD_CLOEXEC;
        _exit(ok ? 0 : 1);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("forked child sees all fds with the same flags", WIFEXITED(st) && WEXITSTATUS(st) == 0);

    char arg[128];
    snprintf(arg, sizeof arg, "%d,%d,40,41,42,43,44,45,46,47", plain, cloexec);
    printf("fd %d is the plain open, fd %d the O_CLOEXEC open\n", plain, cloexec);
    printf("exec own binary: exit %d\n", run_self(argv[0], arg));

    /* through the shell: does the fd exist after exec of /bin/sh? */
    const char *script = "for f in 40 41 42 43 44 45 46 47; do "
                         "if [ -e /proc/self/fd/$f ]; then echo \"  sh: fd $f open\"; "
                         "else echo \"  sh: fd $f closed\"; fi; done";
    fflush(stdout);
    c = fork();
    MUST(c);
    if (c == 0) { execl("/bin/sh", "sh", "-c", script, (char *)NULL); _exit(98); }
    MUST(waitpid(c, &st, 0));
    printf("sh: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 200);

    /* close_range(CLOSE_RANGE_CLOEXEC) in a child marks everything from 40 up close-on-exec;
     * close_range(CLOSE_RANGE_UNSHARE) closes for the child only */
    fflush(stdout);
    c = fork();
    MUST(c);
    if (c == 0) {
        if (syscall(SYS_close_range, 40, ~0U, CLOSE_RANGE_CLOEXEC) != 0) { printf("close_range: %s\n", errname(errno)); _exit(1); }
        printf("  close_range CLOEXEC: fd 40 flags %d, fd 44 flags %d\n", fcntl(40, F_GETFD), fcntl(44, F_GETFD));
        fflush(stdout);
        execl(argv[0], argv[0], "probe", "40,44,46", (char *)NULL);
        _exit(98);
    }
    MUST(waitpid(c, &st, 0));
    printf("close_range CLOEXEC child: exit %d\n", WEXITSTATUS(st));
    c = fork();
    MUST(c);
    if (c == 0) {
        long r = syscall(SYS_close_range, 41, 45, CLOSE_RANGE_UNSHARE);
        _exit(r == 0 && fcntl(41, F_GETFD) == -1 && fcntl(45, F_GETFD) == -1 && fcntl(46, F_GETFD) == 0 ? 0 : 1);
    }
    MUST(waitpid(c, &st, 0));
    printf("close_range UNSHARE child: exit %d\n", WEXITSTATUS(st));
    FACT("parent keeps fd 41..45", fcntl(41, F_GETFD) >= 0 && fcntl(45, F_GETFD) >= 0);
    REPORT("close_range bad flags", syscall(SYS_close_range, 40, 50, 0x80));
    REPORT("close_range first > last", syscall(SYS_close_range, 50, 40, 0));

    /* the parent's flags are untouched by the children */
    FACT("parent fd 41 still cloexec", fcntl(41, F_GETFD) == FD_CLOEXEC);
    FACT("parent fd 40 still plain", fcntl(40, F_GETFD) == 0);
    return 0;
}
