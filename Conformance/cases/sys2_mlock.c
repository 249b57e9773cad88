// syscalls: mlock munlock mlock2 mlockall munlockall mmap munmap getrlimit setgroups setgid setuid
// expect: same
#include "common.h"
#include <grp.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static int locked_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    int v = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmLck:", 6)) v = atoi(line + 6);
    if (f) fclose(f);
    return v;
}

/* Memory locking as uid 1000 within RLIMIT_MEMLOCK. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        long page = sysconf(_SC_PAGESIZE);
        struct rlimit rl;
        MUST(getrlimit(RLIMIT_MEMLOCK, &rl));
        FACT("RLIMIT_MEMLOCK allows 4 pages", rl.rlim_cur >= (rlim_t)(4 * page));
        char *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        FACT("mmap", m != MAP_FAILED);
        printf("VmLck before: %d kB\n", locked_kb());
        REPORT("mlock 2 pages", mlock(m, 2 * page));
        printf("VmLck after mlock: %d pages\n", locked_kb() * 1024 / (int)page);
        REPORT("mlock unaligned start", mlock(m + 1, page));
        REPORT("munlock", munlock(m, 4 * page));
        printf("VmLck after munlock: %d kB\n", locked_kb());
        REPORT("mlock2 MLOCK_ONFAULT", syscall(SYS_mlock2, m, page, 1 /* MLOCK_ONFAULT */));
        REPORT("mlock2 bad flags", syscall(SYS_mlock2, m, page, 0x100));
        REPORT("munlock all 4", munlock(m, 4 * page));
        REPORT("mlock beyond rlimit", mlock(m, 0x7fffffff000UL));
        REPORT("mlock unmapped", mlock((void *)page, page));
        REPORT("mlockall bad flags", mlockall(0));
        REPORT("mlockall MCL_FUTURE|MCL_ONFAULT", mlockall(MCL_FUTURE | MCL_ONFAULT));
        REPORT("munlockall", munlockall());
        printf("VmLck at end: %d kB\n", locked_kb());
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
