// syscalls: execve openat truncate unlink rename kill wait4 clone
// expect: same
/* ETXTBSY: execve of a binary open for writing (also through a dup), opening a running binary
 * for writing or truncating it; a script open for writing, and a script whose interpreter is
 * open for writing (what the kernel answers for each); an O_CLOEXEC writer
 * of the caller still blocks its own exec; rename of a new copy over a file then exec. Runs as
 * uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (getenv("D")) { pause(); return 0; } /* the running image: waits to be killed */
    setup("txtbsy");
    char *envp[] = { A("D=1"), NULL };
    char *av[] = { A("x"), NULL };
    /* a binary open for writing cannot be executed */
    int w = open("self", O_WRONLY);
    MUST(w);
    try_execve("exec of a binary open O_WRONLY", "./self", av, envp);
    int w2 = dup(w);
    close(w);
    try_execve("exec while a dup of the writer is open", "./self", av, envp);
    close(w2);
    int r = open("self", O_RDONLY);
    fflush(stdout);
    pid_t pid = fork();
    MUST(pid);
    if (pid == 0) { execve("./self", av, envp); _exit(100); }
    usleep(300000);
    REPORT("open O_WRONLY of a running binary", open("self", O_WRONLY));
    REPORT("open O_RDWR of a running binary", open("self", O_RDWR));
    REPORT("open O_RDONLY of a running binary", open("self", O_RDONLY));
    REPORT("truncate of a running binary", truncate("self", 0));
    REPORT("unlink of a running binary", unlink("self"));
    MUST(kill(pid, SIGKILL));
    int st;
    MUST(waitpid(pid, &st, 0));
    printf("runner killed: %s\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? "yes" : "no");
    close(r);
    /* a script: the script file itself is not the mapped executable */
    put("script", "#!/bin/sh\nexit 3\n", 0755);
    w = open("script", O_WRONLY | O_APPEND);
    MUST(w);
    try_execve("exec of a script open O_WRONLY", "./script", av, envp);
    close(w);
    try_execve("exec of the script after close", "./script", av, envp);
    /* the interpreter of a script open for writing */
    int in = open("/bin/sh", O_RDONLY);
    int out = open("mysh", O_CREAT | O_WRONLY, 0755);
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(in);
    char p[128];
    snprintf(p, sizeof p, "#!%s/mysh\nexit 4\n", scratch);
    put("uses-mysh", p, 0755);
    try_execve("script whose interpreter is open for writing", "./uses-mysh", av, envp);
    close(out);
    try_execve("script whose interpreter was closed", "./uses-mysh", av, envp);
    /* O_WRONLY in a child that then execs itself: the child's own writer */
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        int fw = open("mysh", O_WRONLY | O_CLOEXEC);
        execl("./mysh", "mysh", "-c", "exit 5", (char *)NULL);
        printf("exec own O_CLOEXEC writer: %s\n", errname(errno));
        fflush(stdout);
        close(fw);
        _exit(100);
    }
    finish("exec own O_CLOEXEC writer", pid);
    /* copy-then-exec through rename: a new file over the running one is fine */
    out = open("new", O_CREAT | O_WRONLY, 0755);
    in = open("mysh", O_RDONLY);
    while ((n = read(in, buf, sizeof buf)) > 0) MUST(write(out, buf, n));
    close(in);
    close(out);
    REPORT("rename new over mysh", rename("new", "mysh"));
    try_execve("exec after rename", "./mysh", (char *[]){ A("mysh"), A("-c"), A("exit 6"), NULL }, envp);
    cleanup();
    return 0;
}
