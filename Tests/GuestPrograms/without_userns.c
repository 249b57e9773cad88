// A host helper, not a guest (DegradedModeTests): runs COMMAND the way it would run on a host
// where user namespaces cannot be created (a container whose seccomp profile or sysctls forbid
// them), as root inside a user namespace of its own whose user.max_user_namespaces is 0.
//
//   without_userns COMMAND [ARGS...]
//
// Needs a root invoker (to map 65536 ids, nobody included). Exits 125 when it cannot set this up.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int writeFile(const char *path, const char *text) {
    int fd = open(path, O_WRONLY);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: without_userns COMMAND [ARGS...]\n"); return 125; }
    int ready[2], mapped[2];
    if (pipe(ready) < 0 || pipe(mapped) < 0) { perror("pipe"); return 125; }
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 125; }
    if (child == 0) {
        char ok = 0;
        if (unshare(CLONE_NEWUSER) < 0) { perror("unshare"); _exit(125); }
        if (write(ready[1], "u", 1) != 1 || read(mapped[0], &ok, 1) != 1 || ok != 'm') _exit(125);
        if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) { perror("setresuid"); _exit(125); }
        if (writeFile("/proc/sys/user/max_user_namespaces", "0") < 0) { perror("max_user_namespaces"); _exit(125); }
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    char c;
    if (read(ready[0], &c, 1) != 1) return 125;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)child);
    int ok = writeFile(path, "0 0 65536\n");
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)child);
    ok |= writeFile(path, "0 0 65536\n");
    if (ok < 0) perror("id map");
    if (write(mapped[1], ok < 0 ? "x" : "m", 1) != 1) return 125;
    int status;
    if (waitpid(child, &status, 0) < 0) return 125;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
