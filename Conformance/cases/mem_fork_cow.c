// syscalls: mmap munmap clone wait4 exit_group
// expect: same
/* MAP_SHARED|MAP_ANONYMOUS memory is shared with a forked child both ways; MAP_PRIVATE
 * memory is copy-on-write: neither side sees the other's writes. MADV_DONTFORK hides a range. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

static sigjmp_buf jb;
static void onsig(int s) { (void)s; siglongjmp(jb, 1); }

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    char *sh = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    char *pv = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *df = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(sh == MAP_FAILED || pv == MAP_FAILED || df == MAP_FAILED ? -1 : 0);
    strcpy(sh, "parent-shared");
    strcpy(pv, "parent-private");
    strcpy(df, "dontfork");
    MUST(madvise(df, pg, MADV_DONTFORK));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        int ok = strcmp(sh, "parent-shared") == 0 && strcmp(pv, "parent-private") == 0;
        strcpy(sh, "child-shared");
        strcpy(sh + pg, "child-second-page");
        strcpy(pv, "child-private");
        struct sigaction sa = { .sa_handler = onsig };
        sigaction(SIGSEGV, &sa, NULL);
        int dfault = 0;
        if (sigsetjmp(jb, 1) == 0) (void)*(volatile char *)df; else dfault = 1;
        _exit((ok ? 1 : 0) | (dfault ? 2 : 0) | (strcmp(pv, "child-private") == 0 ? 4 : 0));
    }
    int st;
    MUST(waitpid(c, &st, 0));
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    FACT("child saw parent's data at fork", code >= 0 && (code & 1));
    FACT("child faulted on MADV_DONTFORK range", code >= 0 && (code & 2));
    FACT("child's private write visible to child", code >= 0 && (code & 4));
    printf("parent sees shared: %s / %s\n", sh, sh + pg);
    printf("parent sees private: %s\n", pv);
    printf("parent dontfork range: %s\n", df);

    /* Parent writes after fork: child (blocked on a pipe) reads. */
    int p[2];
    MUST(pipe(p));
    c = fork();
    MUST(c);
    if (c == 0) {
        char b;
        close(p[1]);
        if (read(p[0], &b, 1) != 1) _exit(9);
        _exit((strcmp(sh, "later-shared") == 0 ? 1 : 0) | (strcmp(pv, "parent-private") == 0 ? 2 : 0));
    }
    close(p[0]);
    strcpy(sh, "later-shared");
    strcpy(pv, "later-private");
    MUST(write(p[1], "g", 1));
    MUST(waitpid(c, &st, 0));
    code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    FACT("child sees parent's later shared write", code == 1 || code == 3);
    FACT("child keeps pre-fork private copy", code == 2 || code == 3);

    /* Many COW pages: child dirties all, parent unchanged. */
    char *many = mmap(NULL, 64 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 64; i++) many[i * pg] = (char)i;
    c = fork();
    MUST(c);
    if (c == 0) {
        int ok = 1;
        for (int i = 0; i < 64; i++) { if (many[i * pg] != (char)i) ok = 0; many[i * pg] = 'z'; }
        _exit(ok);
    }
    MUST(waitpid(c, &st, 0));
    int same = 1;
    for (int i = 0; i < 64; i++) if (many[i * pg] != (char)i) same = 0;
    FACT("child saw 64 COW pages", WIFEXITED(st) && WEXITSTATUS(st) == 1);
    FACT("parent's 64 pages unchanged", same);
    return 0;
}
