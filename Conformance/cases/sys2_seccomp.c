// syscalls: seccomp prctl getppid uname setgroups setgid setuid
// expect: same
// normalize: PR_GET_SECCOMP in parent: 
// normalize: SET_MODE_FILTER without no_new_privs: 
// expect-sandbox: PR_GET_SECCOMP in parent: 2
// expect-sandbox: SET_MODE_FILTER without no_new_privs: ok
//   deliberate: the guest runs under the sandbox's own filter (mode 2) with no_new_privs set, so a
//   filter of its own needs no no_new_privs of its own.
#include "common.h"
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <grp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

/* A guest may install its own seccomp filter on top of the sandbox: getppid -> EPERM-like ERRNO. */
int main(void) {
    unsigned act = SECCOMP_RET_ERRNO;
    REPORT("GET_ACTION_AVAIL ERRNO", syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &act));
    act = SECCOMP_RET_USER_NOTIF;
    REPORT("GET_ACTION_AVAIL USER_NOTIF", syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &act));
    act = 0x12345678;
    REPORT("GET_ACTION_AVAIL bogus", syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &act));
    struct seccomp_notif_sizes sz;
    REPORT("GET_NOTIF_SIZES", syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz));
    REPORT("seccomp bad op", syscall(SYS_seccomp, 99, 0, NULL));
    printf("PR_GET_SECCOMP in parent: %d\n", prctl(PR_GET_SECCOMP));
    fflush(stdout);
    pid_t c = fork();
    MUST(c);
    if (c == 0) {
        become_guest_ids();
        struct sock_filter f[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EXDEV),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = { sizeof f / sizeof f[0], f };
        REPORT("SET_MODE_FILTER without no_new_privs", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
        MUST(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
        struct sock_fprog empty = { 0, f };
        REPORT("SET_MODE_FILTER empty program", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &empty));
        REPORT("SET_MODE_FILTER bad flags", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0x8000, &prog));
        REPORT("SET_MODE_FILTER", syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog));
        printf("PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP));
        REPORT("getppid filtered", syscall(SYS_getppid));
        struct utsname u;
        REPORT("uname still allowed", uname(&u));
        REPORT("SET_MODE_STRICT after filter", syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, NULL));
        fflush(stdout);
        _exit(0);
    }
    int st;
    MUST(waitpid(c, &st, 0));
    FACT("child exited 0", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    REPORT("getppid in parent unaffected", syscall(SYS_getppid));
    return 0;
}
