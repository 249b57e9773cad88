// syscalls: execveat execve openat fcntl wait4 clone symlink
// expect: same
/* fexecve (execveat with AT_EMPTY_PATH) on fds of each kind: a binary by O_PATH and O_RDONLY
 * fds, with and without O_CLOEXEC, and O_WRONLY (ETXTBSY); a script by O_RDONLY/O_PATH (runs via
 * /dev/fd/N; with O_CLOEXEC the interpreter cannot reopen it: ENOENT); a non-executable file, a
 * non-ELF text, a directory, /dev/null, a symlink O_PATH|O_NOFOLLOW, a pipe and a closed fd;
 * execveat with a directory fd and a name, and AT_SYMLINK_NOFOLLOW (ELOOP). Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sys/syscall.h>

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
