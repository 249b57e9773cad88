// syscalls: execve openat fcntl dup2 dup3 pipe2 socketpair epoll_create1 eventfd2 memfd_create getdents64 readlink wait4 clone
// expect: same
/* close-on-exec across execve: the new image lists /proc/self/fd (fd numbers, what each is
 * relative to the scratch dir, its own FD_CLOEXEC): O_CLOEXEC, F_SETFD, dup3, F_DUPFD_CLOEXEC,
 * pipe2, SOCK_CLOEXEC, EPOLL_CLOEXEC and MFD_CLOEXEC fds are gone, plain ones (dup2 clears the
 * flag, O_PATH, directories, fd 200) are kept with the flag clear; stdout close-on-exec.
 * Runs as uid 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>

/* the new image: its open fds (without the one listing them) and what each is */
static int child(void) {
    DIR *d = opendir("/proc/self/fd");
    if (!d) { printf("opendir: %s\n", errname(errno)); return 1; }
    int me = dirfd(d);
    int fds[256], n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        int fd = atoi(e->d_name);
        if (fd != me && n < 256) fds[n++] = fd;
    }
    closedir(d);
    for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (fds[j] < fds[i]) { int t = fds[i]; fds[i] = fds[j]; fds[j] = t; }
    size_t sl = strlen(scratch);
    int out = fcntl(1, F_GETFD) < 0 ? 2 : 1; /* stdout may be the closed one */
    fflush(stdout);
    for (int i = 0; i < n; i++) {
        char p[64], t[512];
        snprintf(p, sizeof p, "/proc/self/fd/%d", fds[i]);
        ssize_t k = readlink(p, t, sizeof t - 1);
        t[k > 0 ? k : 0] = 0;
        const char *show = t;
        if (sl && strcmp(t, scratch) == 0) show = "<D>";
        else if (sl && strncmp(t, scratch, sl) == 0) show = t + sl;
        else if (!strncmp(t, "pipe:", 5)) show = "pipe";
        else if (!strncmp(t, "socket:", 7)) show = "socket";
        else if (!strncmp(t, "/memfd:", 7)) show = "memfd";
        else if (!strncmp(t, "anon_inode:", 11)) show = t;
        dprintf(out, "  fd %d: %s cloexec=%d\n", fds[i], show, fcntl(fds[i], F_GETFD) & FD_CLOEXEC);
    }
    return 0;
}

int main(int argc, char **argv) {
    const char *dv = getenv("D");
    if (dv) { snprintf(scratch, sizeof scratch, "%s", dv); return child(); }
    setup("cloexec");
    char envd[96];
    snprintf(envd, sizeof envd, "D=%s", scratch);
    char *envp[] = { envd, NULL };
    char *av[] = { A("self"), NULL };
    put("f", "data\n", 0644);
    int a = open("f", O_RDONLY);                         /* kept */
    int b = open("f", O_RDONLY | O_CLOEXEC);             /* closed */
    int c = open("f", O_RDONLY);
    MUST(fcntl(c, F_SETFD, FD_CLOEXEC));                 /* closed */
    int dd = open("f", O_RDONLY | O_CLOEXEC);
    MUST(fcntl(dd, F_SETFD, 0));                         /* kept */
    int e = dup3(a, 20, O_CLOEXEC);                      /* closed */
    int f = dup2(b, 21);                                 /* kept: dup2 clears the flag */
    int g = fcntl(a, F_DUPFD_CLOEXEC, 30);               /* closed */
    int h = fcntl(b, F_DUPFD, 31);                       /* kept */
    int p[2], q[2], sv[2];
    MUST(pipe2(p, O_CLOEXEC));                           /* closed */
    MUST(pipe(q));                                       /* kept */
    MUST(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)); /* closed */
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);              /* kept */
    int ep = epoll_create1(EPOLL_CLOEXEC);               /* closed */
    int ev = eventfd(0, 0);                              /* kept */
    int mf = memfd_create("m", MFD_CLOEXEC);             /* closed */
    int dir = open(".", O_RDONLY | O_DIRECTORY);         /* kept */
    int pth = open("f", O_PATH);                         /* kept */
    int hi = dup2(a, 200);                               /* kept, high */
    if (a < 0 || b < 0 || c < 0 || dd < 0 || e < 0 || f < 0 || g < 0 || h < 0 || s < 0 || ep < 0 || ev < 0 || mf < 0 || dir < 0 || pth < 0 || hi < 0)
        { printf("setup failed\n"); return 99; }
    printf("== before exec (parent)\n");
    child();
    printf("== after exec\n");
    try_execve("exec", "./self", av, envp);
    printf("== after exec with fd 1 O_CLOEXEC (stdout closed in the new image)\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int keep = dup(1);
        fcntl(1, F_SETFD, FD_CLOEXEC);
        dup2(keep, 2); /* report through stderr's slot */
        execve("./self", av, envp);
        _exit(100);
    }
    finish("exec with stdout cloexec", pid);
    cleanup();
    return 0;
}
