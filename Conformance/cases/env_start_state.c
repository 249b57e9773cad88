// syscalls: rt_sigaction rt_sigprocmask rt_sigpending sigaltstack personality prctl openat read
// expect: same
// normalize: status NoNewPrivs: 
// normalize: status Seccomp: 
// normalize: status Seccomp_filters: 
// normalize: prctl PR_GET_NO_NEW_PRIVS: 
// normalize: prctl PR_GET_SECCOMP: 
// expect-sandbox: status Seccomp: 2
// expect-sandbox: prctl PR_GET_NO_NEW_PRIVS: 1
//   deliberate: the guest runs under the sandbox's seccomp filter with no_new_privs set.
/* Signal and process state at start: every disposition SIG_DFL (listing any ignored or
 * handled), blocked and pending sets empty, no alternate signal stack, /proc/self/status
 * NoNewPrivs/Seccomp/SigIgn/SigBlk/CapEff lines, personality(0xffffffff) query, prctl
 * dumpable/no_new_privs/child subreaper/pdeathsig queries. */
#include "common.h"
#include <signal.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

static void status_line(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':') {
            char *v = line + n + 1;
            while (*v == ' ' || *v == '\t') v++;
            printf("status %s: %s", key, v);
            fclose(f);
            return;
        }
    if (f) fclose(f);
    printf("status %s: (absent)\n", key);
}

int main(void) {
    int ign = 0, hnd = 0;
    char ignored[256] = "", handled[256] = "";
    for (int s = 1; s < 65; s++) {
        struct sigaction sa;
        if (syscall(SYS_rt_sigaction, s, NULL, &sa, 8) != 0) continue;
        char nm[16];
        snprintf(nm, sizeof nm, " %d", s);
        if (sa.sa_handler == SIG_IGN) { ign++; strncat(ignored, nm, sizeof ignored - strlen(ignored) - 1); }
        else if (sa.sa_handler != SIG_DFL) { hnd++; strncat(handled, nm, sizeof handled - strlen(handled) - 1); }
    }
    printf("signals ignored at start: %d%s\n", ign, ignored);
    printf("signals with a handler at start: %d%s\n", hnd, handled);
    sigset_t cur, pend;
    MUST(sigprocmask(SIG_BLOCK, NULL, &cur));
    MUST(sigpending(&pend));
    int nb = 0, np = 0;
    for (int s = 1; s < 65; s++) { nb += sigismember(&cur, s) == 1; np += sigismember(&pend, s) == 1; }
    printf("blocked at start: %d\n", nb);
    printf("pending at start: %d\n", np);
    stack_t ss;
    MUST(sigaltstack(NULL, &ss));
    printf("sigaltstack disabled: %s\n", (ss.ss_flags & SS_DISABLE) ? "yes" : "no");
    status_line("NoNewPrivs");
    status_line("Seccomp");
    status_line("Seccomp_filters");
    status_line("SigIgn");
    status_line("SigBlk");
    status_line("SigCgt");
    status_line("ShdPnd");
    status_line("Speculation_Store_Bypass");
    errno = 0;
    int pers = personality(0xffffffff);
    printf("personality query: %#x %s\n", pers, pers == -1 ? errname(errno) : "");
    printf("prctl PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    printf("prctl PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    int sub = -1;
    prctl(PR_GET_CHILD_SUBREAPER, &sub, 0, 0, 0);
    printf("prctl PR_GET_CHILD_SUBREAPER: %d\n", sub);
    int pd = -1;
    prctl(PR_GET_PDEATHSIG, &pd, 0, 0, 0);
    printf("prctl PR_GET_PDEATHSIG: %d\n", pd);
    printf("prctl PR_GET_KEEPCAPS: %d\n", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
    printf("prctl PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
    printf("prctl PR_GET_TIMERSLACK: %d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
    errno = 0;
    int thp = prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0);
    printf("prctl PR_GET_THP_DISABLE: %d %s\n", thp, thp < 0 ? errname(errno) : "");
    errno = 0;
    int sp = prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0);
    printf("prctl PR_GET_SPECULATION_CTRL store bypass: %d %s\n", sp, sp < 0 ? errname(errno) : "");
    char comm[32] = "";
    prctl(PR_GET_NAME, comm, 0, 0, 0);
    printf("comm: %s\n", comm);
    return 0;
}
