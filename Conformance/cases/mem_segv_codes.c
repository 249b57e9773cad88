// syscalls: mmap munmap mprotect rt_sigaction rt_sigprocmask
// expect: same
/* SIGSEGV siginfo: si_code SEGV_ACCERR for a protection fault, SEGV_MAPERR for an unmapped
 * address; si_addr is the faulting address; PROT_NONE guard pages around a buffer; a signal
 * mask during the handler; recovery with siglongjmp restores the mask. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code, addr_ok, usr1_blocked_in_handler;
static volatile char *expect_addr;

static void onsegv(int s, siginfo_t *si, void *uc) {
    (void)uc;
    got_sig = s;
    got_code = si->si_code;
    addr_ok = (char *)si->si_addr == (char *)expect_addr;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    usr1_blocked_in_handler = sigismember(&cur, SIGUSR1) && sigismember(&cur, SIGSEGV);
    siglongjmp(jb, 1);
}

static const char *code_name(int c) {
    return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : c == SEGV_PKUERR ? "SEGV_PKUERR" : "other";
}

static void probe(const char *label, volatile char *p, int write) {
    got_sig = 0; got_code = 0; addr_ok = 0;
    expect_addr = p;
    if (sigsetjmp(jb, 1) == 0) {
        if (write) *p = 7; else (void)*p;
        printf("%s: no fault\n", label);
        return;
    }
    printf("%s: %s %s si_addr %s\n", label, got_sig == SIGSEGV ? "SIGSEGV" : got_sig == SIGBUS ? "SIGBUS" : "other",
           code_name(got_code), addr_ok ? "exact" : "differs");
}

int main(void) {
    struct sigaction sa = { .sa_sigaction = onsegv, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR1);
    MUST(sigaction(SIGSEGV, &sa, NULL));
    MUST(sigaction(SIGBUS, &sa, NULL));
    long pg = sysconf(_SC_PAGESIZE);

    char *m = mmap(NULL, 5 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(m == MAP_FAILED ? -1 : 0);
    /* guard | buf | buf | buf | guard */
    MUST(mprotect(m, pg, PROT_NONE));
    MUST(mprotect(m + 4 * pg, pg, PROT_NONE));
    char *buf = m + pg;
    memset(buf, 'b', 3 * pg);
    probe("write inside buffer", buf + 3 * pg - 1, 1);
    probe("write one past the end (guard)", buf + 3 * pg, 1);
    probe("read one before the start (guard)", buf - 1, 0);
    FACT("handler ran with SIGUSR1 and SIGSEGV blocked", usr1_blocked_in_handler);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    FACT("mask restored after siglongjmp", !sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGSEGV));

    MUST(mprotect(buf, pg, PROT_READ));
    probe("read of PROT_READ page", buf, 0);
    probe("write to PROT_READ page", buf + 10, 1);
    MUST(mprotect(buf, pg, PROT_READ | PROT_WRITE));
    probe("write after restoring RW", buf + 10, 1);
    FACT("data survived mprotect cycle", buf[11] == 'b' && buf[10] == 7);

    MUST(mprotect(buf, 3 * pg, PROT_NONE));
    probe("read of PROT_NONE page", buf + pg + 5, 0);
    MUST(mprotect(buf, 3 * pg, PROT_READ));
    FACT("data survived PROT_NONE", buf[pg + 5] == 'b');

    MUST(munmap(m, 5 * pg));
    probe("write to unmapped page", m + 2 * pg, 1);
    probe("read of unmapped page", m + 2 * pg + 17, 0);
    probe("read of NULL", (volatile char *)0, 0);
    probe("read of non-canonical address", (volatile char *)0x8000000000000000UL, 0);

    char *x = mmap(NULL, 2 * pg, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    MUST(munmap(x + pg, pg));
    probe("write to PROT_READ|PROT_EXEC page", x, 1);
    REPORT("mprotect PROT_WRITE only", mprotect(x, pg, PROT_WRITE));
    probe("read of PROT_WRITE-only page (x86 implies read)", x, 0);
    REPORT("mprotect PROT_GROWSDOWN on plain mapping", mprotect(x, pg, PROT_READ | PROT_GROWSDOWN));
    REPORT("mprotect beyond the mapping", mprotect(x, 2 * pg, PROT_READ));
    return 0;
}
