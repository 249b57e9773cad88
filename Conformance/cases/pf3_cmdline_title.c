// syscalls: execve openat read pread64 clone wait4
// expect: same
/* /proc/self/cmdline and environ as the process's own memory: after a re-exec with odd
 * arguments (empty, spaces, UTF-8, one of 5000 bytes) and an odd environment (empty value, no
 * '=', a leading '=', 3000 bytes), cmdline == argv and environ == envp byte for byte, also read a
 * byte at a time and with pread at a page boundary; then programs' setproctitle tricks: argv[0]
 * overwritten in place shows in cmdline (and in a child's view of the parent), and a title
 * written across the whole argument area with its last NUL gone is read on into the environment
 * area up to and including the first NUL (at most a page), as Linux does. */
#include "common.h"
#include <fcntl.h>
#include <sys/wait.h>

#include "procfs_util.h"

extern char **environ;
static char big[65536], one[65536];

static ssize_t bytewise(const char *path, char *buf, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    size_t n = 0;
    while (n < size && read(fd, buf + n, 1) == 1) n++;
    close(fd);
    return n;
}

/* The vector as one NUL-separated block. */
static size_t flatten(char **v, char *out) {
    size_t n = 0;
    for (; *v; v++) { size_t l = strlen(*v) + 1; memcpy(out + n, *v, l); n += l; }
    return n;
}

static void compare(const char *label, const char *path, char **vec) {
    static char want[65536];
    size_t w = flatten(vec, want);
    ssize_t n = slurp(path, big, sizeof big);
    ssize_t b = bytewise(path, one, sizeof one);
    int fd = open(path, O_RDONLY);
    char piece[64];
    ssize_t pr = pread(fd, piece, sizeof piece, 4090);
    close(fd);
    int pok = w <= 4090 ? pr == 0 : pr == (ssize_t)(w - 4090 < 64 ? w - 4090 : 64) && !memcmp(piece, want + 4090, pr);
    printf("%s: length right %s, equal %s, byte-at-a-time equal %s, pread at 4090 %s\n", label, n == (ssize_t)w ? "yes" : "no",
           n == (ssize_t)w && !memcmp(big, want, w) ? "yes" : "no", b == n && !memcmp(one, big, n) ? "yes" : "no", pok ? "ok" : "bad");
}

int main(int argc, char **argv) {
    size_t l0 = strlen(argv[0]);
    static char saved0[4096];
    memcpy(saved0, argv[0], l0 + 1);
    int phase3 = argc > 1 && !strcmp(argv[1], "phase3");
    if (argc == 1) {
        static char longarg[5001], longenv[3006];
        memset(longarg, 'x', 5000);
        strcpy(longenv, "LONG=");
        memset(longenv + 5, 'y', 3000);
        char *nargv[] = { argv[0], "phase2", "", "with space", "\xc3\xbc" "n\xc3\xaf" "c\xc3\xb6" "d\xc3\xa9", longarg, "", NULL };
        char *nenv[] = { "A=1", "EMPTY=", "NOEQUALS", "=leading", longenv, "Z=last", NULL };
        execve(argv[0], nargv, nenv);
        printf("execve: %s\n", errname(errno));
        return 1;
    }
    if (phase3) goto title;
    compare("cmdline", "/proc/self/cmdline", argv);
    compare("environ", "/proc/self/environ", environ);
    printf("argc %d, argv[2] empty %s, last argv empty %s\n", argc, argv[2][0] ? "no" : "yes", argv[argc - 1][0] ? "no" : "yes");

    /* argv[0] overwritten in place, same length. */
    memset(argv[0], 'T', l0);
    compare("cmdline after argv[0] overwritten", "/proc/self/cmdline", argv);
    int pfd[2];
    MUST(pipe(pfd));
    fflush(stdout);
    pid_t parent = getpid(), c = fork();
    MUST(c);
    if (c == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/cmdline", parent);
        ssize_t n = slurp(path, big, sizeof big);
        printf("child reads parent's cmdline: starts with the new argv[0] %s\n",
               n > (ssize_t)l0 && big[0] == 'T' && big[l0 - 1] == 'T' && big[l0] == 0 ? "yes" : "no");
        fflush(stdout);
        _exit(0);
    }
    waitpid(c, NULL, 0);

title:;
    /* setproctitle: one title over the whole argument area (argv[0] .. end of the last argument),
     * its final NUL overwritten: Linux reads on into the environment area up to the first NUL,
     * at most one page. */
    char *start = argv[0], *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
    size_t area = end - start;
    char *envp0 = environ[0];
    printf("%s: environment follows the arguments: %s, area over a page: %s\n", phase3 ? "phase3" : "phase2", envp0 == end ? "yes" : "no",
           area > 4096 ? "yes" : "no");
    memset(start, 0, area);
    const char *title = "title: worker process";
    memcpy(start, title, strlen(title));
    ssize_t n = slurp("/proc/self/cmdline", big, sizeof big);
    printf("cmdline after a short title (area zero-filled): length == area %s, starts with the title %s\n",
           n == (ssize_t)area ? "yes" : "no", n >= (ssize_t)strlen(title) && !memcmp(big, title, strlen(title)) ? "yes" : "no");
    memset(start, 'A', area);
    memcpy(envp0, "B=tail", 7);
    n = slurp("/proc/self/cmdline", big, sizeof big);
    int all_a = n > 0;
    for (ssize_t i = 0; all_a && i < n && i < (ssize_t)area; i++) all_a = big[i] == 'A';
    if (area > 4096) printf("cmdline, title over a page: %zd bytes, all 'A' %s\n", n, all_a ? "yes" : "no");
    else printf("cmdline, title with its last NUL gone: length == area + \"B=tail\" + NUL %s, 'A's then B=tail %s\n",
                n == (ssize_t)area + 7 ? "yes" : "no", all_a && n == (ssize_t)area + 7 && !memcmp(big + area, "B=tail", 7) ? "yes" : "no");
    ssize_t m = bytewise("/proc/self/cmdline", one, sizeof one);
    printf("  byte-at-a-time read equal: %s\n", m == n && !memcmp(one, big, n) ? "yes" : "no");
    if (!phase3) {
        fflush(stdout);
        char *nargv[] = { saved0, "phase3", "short", NULL };
        char *nenv[] = { "X=1", "Y=2", NULL };
        execve(saved0, nargv, nenv);
        printf("execve: %s\n", errname(errno));
        return 1;
    }
    return 0;
}
