// syscalls: mlock mlock2 munlock mlockall munlockall getrlimit setrlimit prlimit64 mmap munmap setgroups setgid setuid clone wait4
// expect: same
/* mlock under RLIMIT_MEMLOCK for uid 1000 without capabilities: within the limit works,
 * beyond it ENOMEM; limit 0 makes mlock EPERM; raising the hard limit EPERM; mlockall
 * MCL_FUTURE then mmap beyond the limit fails; MLOCK_ONFAULT; VmLck in /proc/self/status. */
#include "common.h"
#include <grp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static long vmlck_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmLck: %ld", &kb) == 1) break;
    if (f) fclose(f);
    return kb;
}

static void checks(void) {
    long pg = sysconf(_SC_PAGESIZE);
    struct rlimit rl = { 64 * 4096, 64 * 4096 };
    REPORT("setrlimit MEMLOCK 256 KiB", setrlimit(RLIMIT_MEMLOCK, &rl));
    char *m = mmap(NULL, 128 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REPORT("mlock 16 pages", mlock(m, 16 * pg));
    printf("VmLck kB: %ld\n", vmlck_kb());
    REPORT("mlock same pages again (no extra charge)", mlock(m, 16 * pg));
    REPORT("mlock 64 more pages (over limit)", mlock(m + 16 * pg, 64 * pg));
    REPORT("mlock up to the limit", mlock(m + 16 * pg, 48 * pg));
    printf("VmLck kB: %ld\n", vmlck_kb());
    REPORT("mlock one page more", mlock(m + 64 * pg, pg));
    REPORT("munlock all", munlock(m, 128 * pg));
    printf("VmLck kB: %ld\n", vmlck_kb());
    REPORT("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, m, 8 * pg, MLOCK_ONFAULT));
    REPORT("mlock2 bad flags", syscall(SYS_mlock2, m, 8 * pg, 0x10));
    REPORT("munlock", munlock(m, 8 * pg));
    REPORT("mlock unmapped", mlock((void *)0x1000, pg));
    rl.rlim_max = 1 << 30;
    REPORT("raise hard MEMLOCK", setrlimit(RLIMIT_MEMLOCK, &rl));
    REPORT("mlockall MCL_CURRENT (whole address space over limit)", mlockall(MCL_CURRENT));
    REPORT("mlockall MCL_FUTURE", mlockall(MCL_FUTURE));
    errno = 0;
    void *big = mmap(NULL, 128 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap beyond limit with MCL_FUTURE: %s\n", big == MAP_FAILED ? errname(errno) : "ok");
    void *small = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("small mmap with MCL_FUTURE: %s\n", small == MAP_FAILED ? errname(errno) : "ok");
    REPORT("munlockall", munlockall());
    REPORT("mlockall bad flags", mlockall(0x100));
    REPORT("mlockall MCL_ONFAULT alone", mlockall(MCL_ONFAULT));
    rl.rlim_cur = rl.rlim_max = 0;
    REPORT("setrlimit MEMLOCK 0", setrlimit(RLIMIT_MEMLOCK, &rl));
    REPORT("mlock with limit 0", mlock(m, pg));
    REPORT("mlockall with limit 0", mlockall(MCL_CURRENT));
}

int main(void) {
    struct rlimit rl;
    MUST(getrlimit(RLIMIT_MEMLOCK, &rl));
    FACT("soft MEMLOCK <= hard", rl.rlim_cur <= rl.rlim_max);
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        checks();
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    printf("child exit: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
