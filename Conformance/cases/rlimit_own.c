// syscalls: prlimit64 setrlimit getrlimit fcntl
// expect: same
// sandbox-options: --memory 512M
// A sandbox-wide memory limit (a memory cgroup) leaves the guest's own resource limits its own:
// it may lower and raise RLIMIT_AS within its hard limit, as natively. Its descriptor limits are
// the invoker's, as for any program it starts (F_DUPFD far above 1024 works where they allow it).
#include "common.h"
#include <fcntl.h>
#include <sys/resource.h>

int main(void) {
    struct rlimit r;
    MUST(getrlimit(RLIMIT_AS, &r));
    printf("RLIMIT_AS unlimited: %s/%s\n", r.rlim_cur == RLIM_INFINITY ? "yes" : "no", r.rlim_max == RLIM_INFINITY ? "yes" : "no");
    struct rlimit lower = {256UL << 20, r.rlim_max};
    REPORT("lower RLIMIT_AS soft", setrlimit(RLIMIT_AS, &lower));
    REPORT("raise it again", setrlimit(RLIMIT_AS, &r));
    struct rlimit hard = {1UL << 40, 1UL << 40};
    REPORT("lower RLIMIT_AS hard", setrlimit(RLIMIT_AS, &hard));
    struct rlimit above = {RLIM_INFINITY, RLIM_INFINITY};
    REPORT("raise above the hard limit", setrlimit(RLIMIT_AS, &above));
    struct rlimit files;
    MUST(getrlimit(RLIMIT_NOFILE, &files));
    printf("RLIMIT_NOFILE soft %llu hard %llu\n", (unsigned long long)files.rlim_cur, (unsigned long long)files.rlim_max);
    if (files.rlim_cur > 4000) {
        int fd = fcntl(0, F_DUPFD, 4000);
        printf("F_DUPFD 4000: %s\n", fd >= 4000 ? "ok" : errname(errno));
    }
    return 0;
}
