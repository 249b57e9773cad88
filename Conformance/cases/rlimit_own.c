// syscalls: prlimit64 setrlimit getrlimit
// expect: same
// sandbox-options: --memory 512M
// A sandbox-wide memory limit (a memory cgroup) leaves the guest's own resource limits its own:
// it may lower and raise RLIMIT_AS within its hard limit, as natively.
#include "common.h"
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
    return 0;
}
