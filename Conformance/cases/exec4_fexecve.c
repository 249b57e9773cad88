// syscalls: execveat execve openat fcntl wait4 clone symlink
// expect: same
/* fexecve (execveat with AT_EMPTY_PATH) on fds of each kind: a binary by O_PATH and O_RDONLY
 * fds, with and without O_CLOEXEC, and O_WRONLY (ETXTBSY); a script by O_RDONLY/O_PATH (runs via
 * /dev/fd/N; with O_CLOEXEC the interpreter cannot reopen it: ENOENT); a non-executable file, a
 * non-ELF text, a directory, /dev/null, a symlink O_PATH|O_NOFOLLOW, a pipe and a closed fd;
 * execveat with a directory fd and a name, and AT_SYMLINK_NOFOLLOW (ELOOP). Runs as uid 1000. */
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

extern char **environ;
static char scratch[64];

static void put(const char *p, const char *text, mode_t m) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0600);
    MUST(fd);
    MUST(write(fd, text, strlen(text)));
    close(fd);
    MUST(chmod(p, m));
}

/* Drop to uid/gid 1000 natively, make a scratch dir under /tmp the cwd, and copy this program
 * there as ./self (so the new image after an exec is this program again, run as --child). */
static void setup(const char *tag) {
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    MUST(exe);
    if (getuid() == 0) { MUST(setgroups(0, NULL)); MUST(setgid(1000)); MUST(setuid(1000)); }
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

static void cleanup(void) {
    MUST(chdir("/"));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) { execl("/bin/rm", "rm", "-rf", scratch, (char *)NULL); _exit(127); }
    waitpid(pid, NULL, 0);
    struct stat st;
    FACT("cleaned up", stat(scratch, &st) != 0);
}

/* waits for a child that exits 100 after a failed exec (having printed the errno) */
static void finish(const char *label, pid_t pid) {
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st) && WEXITSTATUS(st) != 100) printf("%s: ran, exit %d\n", label, WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("%s: signal %d\n", label, WTERMSIG(st));
}

static void try_execve(const char *label, const char *path, char *const argv[], char *const envp[]) {
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

#include <sys/syscall.h>
static char *A(const char *a) { return (char *)a; }

static void fx(const char *label, const char *path, int flags, int clear_cloexec) {
    int fd = open(path, flags);
    if (fd < 0) { printf("%s: open %s\n", label, errname(errno)); return; }
    if (clear_cloexec) MUST(fcntl(fd, F_SETFD, 0));
    char *av[] = { A("fx"), A("arg"), NULL };
    char *envp[] = { A("CHILD=1"), A("PATH=/usr/bin:/bin"), NULL };
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        fexecve(fd, av, envp);
        printf("%s: %s\n", label, errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish(label, pid);
    close(fd);
}

int main(int argc, char **argv) {
    if (getenv("CHILD")) {
        printf("  new image: argc %d argv[0]=%s\n", argc, argv[0]);
        return 9;
    }
    setup("fexecve");
    put("script", "#!/bin/sh\necho \"  script: \\$0 is ${0%%[0-9]*}N, args $*\"; exit 3\n", 0755);
    put("noexec", "#!/bin/sh\nexit 0\n", 0644);
    put("plain", "echo plain\n", 0755);
    MUST(mkdir("dir", 0755));
    fx("binary O_PATH", "self", O_PATH, 0);
    fx("binary O_PATH|O_CLOEXEC", "self", O_PATH | O_CLOEXEC, 0);
    fx("binary O_RDONLY", "self", O_RDONLY, 0);
    fx("binary O_RDONLY|O_CLOEXEC", "self", O_RDONLY | O_CLOEXEC, 0);
    fx("binary O_WRONLY", "self", O_WRONLY, 0);
    fx("script O_RDONLY", "script", O_RDONLY, 0);
    fx("script O_RDONLY|O_CLOEXEC", "script", O_RDONLY | O_CLOEXEC, 0);
    fx("script O_PATH", "script", O_PATH, 0);
    fx("script O_PATH|O_CLOEXEC", "script", O_PATH | O_CLOEXEC, 0);
    fx("non-executable O_RDONLY", "noexec", O_RDONLY, 0);
    fx("non-ELF non-script", "plain", O_RDONLY, 0);
    fx("directory", "dir", O_RDONLY | O_DIRECTORY, 0);
    fx("directory O_PATH", "dir", O_PATH, 0);
    fx("/dev/null", "/dev/null", O_RDONLY, 0);
    MUST(symlink("self", "link"));
    fx("symlink O_PATH|O_NOFOLLOW to binary", "link", O_PATH | O_NOFOLLOW, 0);
    int p[2];
    MUST(pipe(p));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char *av[] = { A("x"), NULL };
        fexecve(p[0], av, environ);
        printf("pipe: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("pipe", pid);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *av[] = { A("x"), NULL };
        fexecve(99, av, environ);
        printf("closed fd: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("closed fd", pid);
    /* execveat with a directory fd and a relative name */
    int dfd = open(".", O_PATH | O_DIRECTORY);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        MUST(chdir("/"));
        char *av[] = { A("at"), NULL };
        char *envp[] = { A("CHILD=1"), NULL };
        syscall(SYS_execveat, dfd, "self", av, envp, 0);
        printf("execveat dirfd+name: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("execveat dirfd+name", pid);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *av[] = { A("at"), NULL };
        syscall(SYS_execveat, dfd, "link", av, environ, AT_SYMLINK_NOFOLLOW);
        printf("execveat symlink AT_SYMLINK_NOFOLLOW: %s\n", errname(errno));
        fflush(stdout);
        _exit(100);
    }
    finish("execveat nofollow", pid);
    close(dfd);
    cleanup();
    return 0;
}
