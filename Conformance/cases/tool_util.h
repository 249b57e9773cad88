/* The wrapper of the tool4_ cases: real tools run by /bin/sh in a scratch directory, the same way
 * natively and in the sandbox. */
#ifndef TOOL_UTIL_H
#define TOOL_UTIL_H
#include "common.h"
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[64];

/* Runs SCRIPT with /bin/sh -c in the scratch directory under a fixed environment ($D is the
 * scratch directory, also $HOME), stdin /dev/null and stderr into stdout; prints its status. */
static void sh(const char *label, const char *script) {
    char d[96], home[96];
    snprintf(d, sizeof d, "D=%s", dir);
    snprintf(home, sizeof home, "HOME=%s", dir);
    char *envp[] = { "PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC", d, home, NULL };
    char *argv[] = { "sh", "-c", (char *)script, NULL };
    printf("== %s\n", label);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(1, 2) < 0) _exit(126);
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    int st;
    MUST(waitpid(pid, &st, 0));
    if (WIFEXITED(st)) printf("-- exit %d\n", WEXITSTATUS(st));
    else printf("-- signal %d\n", WTERMSIG(st));
}

/* Natively the case runs as root: become uid/gid 1000 like the guest; then a fresh scratch
 * directory under /tmp becomes the cwd. */
static void enter(const char *tag) {
    become_guest_ids();
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/tool4-%s-XXXXXX", tag);
    if (!mkdtemp(dir)) { printf("mkdtemp: %s\n", errname(errno)); exit(99); }
    MUST(chdir(dir));
}

static void leave(void) {
    struct stat st;
    MUST(chdir("/"));
    sh("cleanup", "chmod -R u+rwx \"$D\"; rm -rf \"$D\"");
    FACT("cleaned up", stat(dir, &st) != 0);
}
#endif
