// clone/clone3 with namespace flags, and the plain fork shapes that must keep working.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void try_clone(const char *name, unsigned long flags) {
    long r = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
    if (r == 0) _exit(0);
    if (r > 0) waitpid((pid_t)r, NULL, 0);
    printf("clone %s: %s\n", name, r >= 0 ? "ok" : strerror(errno));
}

int main(void) {
    try_clone("plain", 0);
    try_clone("NEWUSER", CLONE_NEWUSER);
    try_clone("NEWNS", CLONE_NEWNS);
    try_clone("NEWPID", CLONE_NEWPID);
    try_clone("NEWNET", CLONE_NEWNET);
    try_clone("NEWUTS", CLONE_NEWUTS);
    try_clone("NEWIPC", CLONE_NEWIPC);
    try_clone("NEWCGROUP", CLONE_NEWCGROUP);
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_NEWUSER;
    args.exit_signal = SIGCHLD;
    long r = syscall(SYS_clone3, &args, sizeof args);
    if (r == 0) _exit(0);
    printf("clone3 NEWUSER: %s\n", r >= 0 ? "ok" : strerror(errno));
    pid_t pid = fork();
    if (pid == 0) _exit(7);
    int status = 0;
    waitpid(pid, &status, 0);
    printf("fork: exit %d\n", WEXITSTATUS(status));
    return 0;
}
