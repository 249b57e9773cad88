// syscalls: prctl rt_sigaction kill wait4 clone
// expect: same
#include "common.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* prctl get/set pairs: name, dumpable, pdeathsig, subreaper, timerslack, keepcaps, thp. */
int main(void) {
    char name[32] = { 0 };
    REPORT("PR_SET_NAME", prctl(PR_SET_NAME, "sys2-prctl-name-is-long", 0, 0, 0));
    REPORT("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
    printf("name (truncated to 15): %s\n", name);
    FILE *f = fopen("/proc/self/comm", "r");
    char comm[32] = { 0 };
    if (f) { fgets(comm, sizeof comm, f); fclose(f); }
    comm[strcspn(comm, "\n")] = 0;
    FACT("/proc/self/comm agrees", strcmp(comm, name) == 0);
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    REPORT("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
    printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    REPORT("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
    MUST(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    int sig = -1;
    REPORT("PR_SET_PDEATHSIG SIGUSR1", prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0));
    REPORT("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0));
    printf("pdeathsig: %d\n", sig);
    REPORT("PR_SET_PDEATHSIG 99", prctl(PR_SET_PDEATHSIG, 99, 0, 0, 0));
    MUST(prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0));
    int sr = -1;
    MUST(prctl(PR_GET_CHILD_SUBREAPER, &sr, 0, 0, 0));
    printf("PR_GET_CHILD_SUBREAPER: %d\n", sr);
    REPORT("PR_SET_CHILD_SUBREAPER 1", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
    MUST(prctl(PR_GET_CHILD_SUBREAPER, &sr, 0, 0, 0));
    printf("PR_GET_CHILD_SUBREAPER: %d\n", sr);
    /* Orphaned grandchild is reparented to us, the subreaper. */
    int p[2];
    MUST(pipe(p));
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        pid_t g = fork();
        if (g == 0) { char x; close(p[1]); read(p[0], &x, 1); _exit(0); }
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    close(p[0]);
    close(p[1]);
    pid_t reaped = wait(&st);
    FACT("subreaper reaps the orphaned grandchild", reaped > 0 && reaped != c);
    MUST(prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0));
    long slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    printf("PR_GET_TIMERSLACK: %ld\n", slack);
    REPORT("PR_SET_TIMERSLACK 100000", prctl(PR_SET_TIMERSLACK, 100000, 0, 0, 0));
    printf("PR_GET_TIMERSLACK: %d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
    printf("PR_GET_KEEPCAPS: %d\n", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    printf("PR_GET_THP_DISABLE: %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    REPORT("PR_SET_THP_DISABLE 1", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
    printf("PR_GET_THP_DISABLE: %d\n", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    printf("PR_GET_TIMING: %d\n", prctl(PR_GET_TIMING, 0, 0, 0, 0));
    int tsc = -1;
    REPORT("PR_GET_TSC", prctl(PR_GET_TSC, &tsc, 0, 0, 0));
    printf("tsc mode: %d\n", tsc);
    printf("PR_MCE_KILL_GET: %d\n", prctl(PR_MCE_KILL_GET, 0, 0, 0, 0));
    REPORT("PR_GET_NAME bad pointer", prctl(PR_GET_NAME, (char *)8, 0, 0, 0));
    REPORT("unknown option", prctl(0x7fff1234, 0, 0, 0, 0));
    return 0;
}
