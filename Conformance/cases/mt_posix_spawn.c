// syscalls: clone clone3 vfork execve openat dup2 close wait4 setpgid rt_sigprocmask
// expect: same
/* posix_spawn with file actions (open onto a chosen fd, dup2, close, chdir) and attributes
 * (process group, signal mask, default signals), checked by spawning the case's own binary with
 * a probe argument; spawning a missing program reports ENOENT as the return value. */
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

static int probe(void) {
    char buf[64] = {0};
    int n = read(20, buf, sizeof buf - 1);
    printf("  child: fd 20 reads \"%.*s\"\n", n > 0 ? n : 0, buf);
    printf("  child: fd 21 %s\n", fcntl(21, F_GETFD) == -1 ? errname(errno) : "open");
    printf("  child: fd 22 (closed by action) %s\n", fcntl(22, F_GETFD) == -1 ? errname(errno) : "open");
    printf("  child: fd 23 (cloexec in parent) %s\n", fcntl(23, F_GETFD) == -1 ? errname(errno) : "open");
    char cwd[256];
    printf("  child: cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
    printf("  child: leads its own group %s\n", getpgrp() == getpid() ? "yes" : "no");
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("  child: SIGUSR1 blocked %s, SIGUSR2 blocked %s\n", sigismember(&m, SIGUSR1) ? "yes" : "no",
           sigismember(&m, SIGUSR2) ? "yes" : "no");
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    printf("  child: SIGTERM %s\n", sa.sa_handler == SIG_IGN ? "ignored" : "default");
    sigaction(SIGHUP, NULL, &sa);
    printf("  child: SIGHUP %s\n", sa.sa_handler == SIG_IGN ? "ignored" : "default");
    return 6;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "probe")) return probe();
    char path[] = "/tmp/conf-spawn-XXXXXX";
    int fd = mkstemp(path);
    MUST(fd);
    MUST(write(fd, "spawned data", 12));
    close(fd);
    MUST(dup2(1, 22));
    MUST(dup2(1, 23));
    MUST(fcntl(23, F_SETFD, FD_CLOEXEC));
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 20, path, O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, 20, 21);
    posix_spawn_file_actions_addclose(&fa, 22);
    posix_spawn_file_actions_addchdir_np(&fa, "/tmp");
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t mask, def;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    sigemptyset(&def);
    sigaddset(&def, SIGTERM);
    posix_spawnattr_setsigmask(&at, &mask);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setpgroup(&at, 0);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *args[] = { argv[0], "probe", NULL };
    pid_t c;
    fflush(stdout);
    int r = posix_spawn(&c, argv[0], &fa, &at, args, environ);
    printf("posix_spawn: %s\n", errname(r));
    int st;
    if (r == 0) { MUST(waitpid(c, &st, 0)); printf("child exit %d\n", WEXITSTATUS(st)); }

    r = posix_spawn(&c, "/nonexistent/prog", NULL, NULL, args, environ);
    printf("posix_spawn missing program: %s\n", errname(r));
    if (r == 0) waitpid(c, &st, 0);
    char *sh[] = { "sh", "-c", "exit 17", NULL };
    r = posix_spawnp(&c, "sh", NULL, NULL, sh, environ);
    printf("posix_spawnp sh: %s\n", errname(r));
    if (r == 0) { waitpid(c, &st, 0); printf("sh exit %d\n", WEXITSTATUS(st)); }

    posix_spawn_file_actions_t bad;
    posix_spawn_file_actions_init(&bad);
    posix_spawn_file_actions_addopen(&bad, 20, "/nonexistent/file", O_RDONLY, 0);
    r = posix_spawn(&c, argv[0], &bad, NULL, args, environ);
    printf("posix_spawn with a failing open action: %s\n", errname(r));
    if (r == 0) { waitpid(c, &st, 0); printf("exit %d\n", WEXITSTATUS(st)); }
    /* POSIX_SPAWN_SETSID and closefrom */
    posix_spawn_file_actions_t cf;
    posix_spawn_file_actions_init(&cf);
    posix_spawn_file_actions_addclosefrom_np(&cf, 3);
    posix_spawnattr_t sid;
    posix_spawnattr_init(&sid);
    posix_spawnattr_setflags(&sid, POSIX_SPAWN_SETSID);
    char *chk[] = { "sh", "-c", "[ -e /proc/self/fd/22 ] && exit 1; "
                    "[ \"$(cut -d' ' -f6 /proc/$$/stat)\" = \"$$\" ] && exit 2; exit 3", NULL };
    r = posix_spawn(&c, "/bin/sh", &cf, &sid, chk, environ);
    printf("posix_spawn SETSID + closefrom: %s\n", errname(r));
    if (r == 0) { waitpid(c, &st, 0); printf("exit %d (2 = own session, fd 22 closed)\n", WEXITSTATUS(st)); }
    unlink(path);
    return 0;
}
