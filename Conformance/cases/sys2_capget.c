// syscalls: capget capset setgroups setgid setuid prctl
// expect: same
// normalize: PR_CAPBSET_READ CAP_CHOWN: 
// expect-sandbox: PR_CAPBSET_READ CAP_CHOWN: 0
//   deliberate: the guest's capability bounding set is empty (it can never gain one, whatever it execs).
#include "common.h"
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* capget/capset for an unprivileged uid-1000 process: empty sets, version negotiation, EPERM. */
int main(void) {
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        struct __user_cap_header_struct h = { .version = 0, .pid = 0 };
        REPORT("capget version 0", syscall(SYS_capget, &h, NULL));
        printf("kernel preferred version: 0x%x\n", h.version);
        h.version = _LINUX_CAPABILITY_VERSION_3;
        struct __user_cap_data_struct d[2];
        memset(d, 0xff, sizeof d);
        REPORT("capget v3 self", syscall(SYS_capget, &h, d));
        printf("effective %x/%x permitted %x/%x inheritable %x/%x\n", d[0].effective, d[1].effective,
               d[0].permitted, d[1].permitted, d[0].inheritable, d[1].inheritable);
        h.pid = getpid();
        REPORT("capget v3 own pid", syscall(SYS_capget, &h, d));
        h.pid = -5;
        REPORT("capget negative pid", syscall(SYS_capget, &h, d));
        h.pid = 0;
        memset(d, 0, sizeof d);
        REPORT("capset empty (no change)", syscall(SYS_capset, &h, d));
        d[0].effective = d[0].permitted = 1u << CAP_SYS_ADMIN;
        REPORT("capset raise CAP_SYS_ADMIN", syscall(SYS_capset, &h, d));
        h.version = 0x12345678;
        REPORT("capset bad version", syscall(SYS_capset, &h, d));
        printf("PR_CAPBSET_READ CAP_CHOWN: %d\n", prctl(PR_CAPBSET_READ, CAP_CHOWN, 0, 0, 0));
        REPORT("PR_CAPBSET_READ 999", prctl(PR_CAPBSET_READ, 999, 0, 0, 0));
        REPORT("PR_CAPBSET_DROP unprivileged", prctl(PR_CAPBSET_DROP, CAP_CHOWN, 0, 0, 0));
        printf("PR_CAP_AMBIENT_IS_SET CAP_CHOWN: %d\n", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0));
        REPORT("PR_CAP_AMBIENT_RAISE", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    return 0;
}
