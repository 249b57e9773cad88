// syscalls: execve readlink openat prctl wait4 clone symlink link
// expect: same
/* What the new image sees after execve through links: argv[0] as passed, /proc/self/exe (the
 * resolved file, shown relative to the scratch dir), AT_EXECFN (the path as passed), comm (the
 * final component of the path, at most 15 bytes), /proc/self/cmdline; through relative,
 * absolute and chained symlinks, a hard link, an empty argv and /proc/self/fd/N. Runs as uid
 * 1000. */
#include "exec_util.h"
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <sys/auxv.h>
#include <sys/prctl.h>

static void rel(const char *label, const char *v) {
    size_t sl = strlen(scratch);
    if (!v) printf("%s: %s\n", label, errname(errno));
    else if (sl && strncmp(v, scratch, sl) == 0) printf("%s: <D>%s\n", label, v + sl);
    else printf("%s: %s\n", label, v);
}

/* the new image: what it knows of how it was run */
static int child(int argc, char **argv) {
    printf("  argc %d\n", argc);
    rel("  argv[0]", argc > 0 ? argv[0] : "(none)");
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n >= 0) exe[n] = 0;
    rel("  /proc/self/exe", n >= 0 ? exe : NULL);
    rel("  AT_EXECFN", (const char *)getauxval(AT_EXECFN));
    char comm[32] = "";
    prctl(PR_GET_NAME, comm);
    printf("  comm: %s\n", comm);
    int fd = open("/proc/self/cmdline", O_RDONLY);
    char cl[512];
    n = fd >= 0 ? read(fd, cl, sizeof cl - 1) : -1;
    if (n > 0) { for (ssize_t i = 0; i < n - 1; i++) if (!cl[i]) cl[i] = ' '; cl[n - 1] = 0; }
    rel("  cmdline", n > 0 ? cl : "(empty)");
    fd = open("/proc/self/comm", O_RDONLY);
    n = fd >= 0 ? read(fd, cl, sizeof cl - 1) : -1;
    if (n > 0) cl[n - 1] = 0;
    printf("  /proc/self/comm: %s\n", n > 0 ? cl : "(none)");
    FACT("  getauxval(AT_SECURE)", getauxval(AT_SECURE));
    return 7;
}

int main(int argc, char **argv) {
    const char *d = getenv("D");
    if (d) { snprintf(scratch, sizeof scratch, "%s", d); return child(argc, argv); }
    setup("symexe");
    char dv[96];
    snprintf(dv, sizeof dv, "D=%s", scratch);
    char *envp[] = { dv, NULL };
    MUST(symlink("self", "link"));
    MUST(symlink("link", "link2"));
    MUST(mkdir("sub", 0755));
    char p[256];
    snprintf(p, sizeof p, "%s/self", scratch);
    MUST(symlink(p, "sub/abs-link"));
    MUST(symlink("../self", "sub/rel-link"));
    MUST(link("self", "hard"));
    char *av1[] = { A("./link"), NULL };
    char *av2[] = { A("custom-name"), A("arg"), NULL };
    char *av3[] = { NULL };
    printf("== ./self\n"); try_execve("self", "./self", av1, envp);
    printf("== ./link\n"); try_execve("link", "./link", av1, envp);
    printf("== ./link2 with argv[0] custom-name\n"); try_execve("link2", "./link2", av2, envp);
    printf("== sub/abs-link\n"); try_execve("abs", "sub/abs-link", av2, envp);
    printf("== sub/rel-link\n"); try_execve("rel", "sub/rel-link", av2, envp);
    printf("== hard link\n"); try_execve("hard", "./hard", av2, envp);
    printf("== absolute path, empty argv\n"); try_execve("abs empty argv", p, av3, envp);
    printf("== a name with 20 characters\n");
    MUST(symlink("self", "abcdefghijklmnopqrst"));
    try_execve("long name", "./abcdefghijklmnopqrst", av2, envp);
    printf("== through /proc/self/fd/N\n");
    int fd = open("link", O_RDONLY);
    MUST(fd);
    char fp[64];
    snprintf(fp, sizeof fp, "/proc/self/fd/%d", fd);
    try_execve("proc fd", fp, av2, envp);
    close(fd);
    cleanup();
    return 0;
}
