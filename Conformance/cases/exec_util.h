/* Helpers of the exec4_ cases: a scratch directory holding a copy of the case itself (so an exec
 * can run this program again), files with chosen modes, and execve attempts in a child whose
 * failure is printed by errno name. */
#ifndef EXEC_UTIL_H
#define EXEC_UTIL_H
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;
static char scratch[64];

static inline void put(const char *p, const char *text, mode_t m) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
    MUST(chmod(p, m));
}

/* Drop to uid/gid 1000 natively, make a scratch dir under /tmp the cwd, and copy this program
 * there as ./self (so the new image after an exec is this program again, run as --child). */
static inline void setup(const char *tag) {
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    MUST(exe);
    become_guest_ids();
    umask(022);
    snprintf(scratch, sizeof scratch, "/tmp/exec4-%s-XXXXXX", tag);
    if (!mkdtemp(scratch)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(scratch));
    int out = open("self", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0755);
    MUST(out);
    char buf[65536];
    ssize_t n;
    while ((n = read(exe, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(out);
    close(exe);
}

static inline void cleanup(void) {
    MUST(chdir("/"));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { execl("/bin/rm", "rm", "-rf", scratch, (char *)NULL); _exit(127); }
    waitpid(pid, NULL, 0);
    struct stat st;
    FACT("cleaned up", stat(scratch, &st) != 0);
}

/* waits for a child that exits 100 after a failed exec (having printed the errno) */
static inline void finish(const char *label, pid_t pid) {
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: ran, exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signal %d\n", label, WTERMSIG(st));
}

static inline void try_execve(const char *label, const char *path, char *const argv[], char *const envp[]) {
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        execve(path, argv, envp);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish(label, pid);
}

static inline char *A(const char *a) { return (char *)a; }
#endif
