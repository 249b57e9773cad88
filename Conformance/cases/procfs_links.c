// syscalls: openat read readlink getcwd chdir fchdir execve prctl
// expect: same
/* /proc/self/cwd, exe, root, cmdline, environ and comm against getcwd, argv, environ and prctl:
 * cwd follows chdir/fchdir, exe == argv[0] and survives chdir, cmdline is argv NUL-separated (with
 * empty and spaced arguments after a re-exec), environ is the initial environment (setenv does not
 * change it), comm follows PR_SET_NAME (truncated to 15), and readlink buffer truncation. */
#include "common.h"
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>

extern char **environ;

#include "procfs_util.h"


static int link_is(const char *path, const char *want) {
    char l[4096];
    ssize_t n = readlink(path, l, sizeof l - 1);
    if (n < 0) return 0;
    l[n] = 0;
    return !strcmp(l, want);
}

/* Compare a NUL-separated file with a vector. */
static int nul_list_is(const char *path, char **vec, int *count_out) {
    static char buf[65536];
    ssize_t n = slurp(path, buf, sizeof buf);
    if (n < 0) return 0;
    int i = 0;
    ssize_t off = 0;
    while (off < n) {
        if (!vec[i] || strcmp(buf + off, vec[i])) return 0;
        off += strlen(buf + off) + 1;
        i++;
    }
    *count_out = i;
    return vec[i] == NULL && off == n;
}

int main(int argc, char **argv) {
    char cwd[4096];
    int count = 0;
    const char *phase = argc > 1 ? "after re-exec" : "first run";
    printf("== %s, argc %d\n", phase, argc);
    FACT("cmdline == argv", nul_list_is("/proc/self/cmdline", argv, &count) && count == argc);
    FACT("environ == environ[]", nul_list_is("/proc/self/environ", environ, &count));
    FACT("exe == argv[0]", link_is("/proc/self/exe", argv[0]));
    FACT("cwd == getcwd()", getcwd(cwd, sizeof cwd) && link_is("/proc/self/cwd", cwd));
    FACT("root == /", link_is("/proc/self/root", "/"));
    if (argc > 1) {
        FACT("argv[2] is empty", argc > 2 && argv[2][0] == 0);
        FACT("marker variable in environ", getenv("PROCFS_LINKS_MARK") && !strcmp(getenv("PROCFS_LINKS_MARK"), "a b=c"));
        FACT("cwd inherited across exec is /tmp", link_is("/proc/self/cwd", "/tmp"));
        char buf[256];
        FACT("comm after exec is the file name (15 chars)", slurp("/proc/self/comm", buf, sizeof buf) > 0 && !strcmp(buf, "procfs_links\n"));
        return 0;
    }

    setenv("PROCFS_LINKS_LATE", "1", 1);
    static char buf[65536];
    slurp("/proc/self/environ", buf, sizeof buf);
    FACT("setenv does not change /proc/self/environ", !memmem(buf, sizeof buf, "PROCFS_LINKS_LATE", 17));
    MUST(chdir("/tmp"));
    FACT("cwd follows chdir /tmp", link_is("/proc/self/cwd", "/tmp"));
    FACT("exe still == argv[0] after chdir", link_is("/proc/self/exe", argv[0]));
    int root = open("/", O_RDONLY | O_DIRECTORY);
    MUST(fchdir(root));
    FACT("cwd follows fchdir /", link_is("/proc/self/cwd", "/"));
    char dir[] = "/tmp/conf-procfs-links-XXXXXX";
    MUST(mkdtemp(dir) ? 0 : -1);
    MUST(chdir(dir));
    FACT("cwd follows chdir into a new dir", link_is("/proc/self/cwd", dir));
    MUST(rmdir(dir));
    char want[4200];
    snprintf(want, sizeof want, "%s (deleted)", dir);
    FACT("cwd of a removed directory ends with (deleted)", link_is("/proc/self/cwd", want));
    errno = 0;
    printf("getcwd in a removed directory: %s\n", getcwd(cwd, sizeof cwd) ? "ok" : errname(errno));
    MUST(chdir("/tmp"));

    char small[4];
    ssize_t n = readlink("/proc/self/exe", small, sizeof small);
    printf("readlink exe into 4 bytes: %zd, prefix ok %s\n", n, n == 4 && !memcmp(small, argv[0], 4) ? "yes" : "no");
    REPORT("readlink /proc/self/cmdline (not a link)", readlink("/proc/self/cmdline", small, sizeof small));
    REPORT("readlink exe, size 0", readlink("/proc/self/exe", small, 0));
    struct stat st;
    FACT("lstat exe is a link", lstat("/proc/self/exe", &st) == 0 && S_ISLNK(st.st_mode));
    FACT("stat cwd is a directory", stat("/proc/self/cwd", &st) == 0 && S_ISDIR(st.st_mode));
    FACT("open exe reads the ELF magic", ({ int fd = open("/proc/self/exe", O_RDONLY); char m[4] = {0};
         fd >= 0 && read(fd, m, 4) == 4 && !memcmp(m, "\177ELF", 4); }));

    prctl(PR_SET_NAME, "a-much-longer-name-than-allowed");
    char c[64];
    slurp("/proc/self/comm", c, sizeof c);
    printf("comm after PR_SET_NAME long: %s", c);
    char pn[32] = {0};
    prctl(PR_GET_NAME, pn);
    FACT("PR_GET_NAME == comm", !strncmp(pn, c, strlen(pn)) && c[strlen(pn)] == '\n');
    struct statline s;
    parse_stat("/proc/self/stat", &s);
    FACT("stat comm == comm", !strcmp(s.comm, pn));
    int fd = open("/proc/self/comm", O_WRONLY);
    REPORT("write /proc/self/comm", write(fd, "written-name", 12));
    slurp("/proc/self/comm", c, sizeof c);
    printf("comm after write: %s", c);

    fflush(stdout);
    char *nargv[] = { argv[0], "--again", "", "with space", NULL };
    char *nenv[] = { "PROCFS_LINKS_MARK=a b=c", "X=", "LANG=C", NULL };
    execve(argv[0], nargv, nenv);
    printf("execve: %s\n", errname(errno));
    return 1;
}
