/* allow_filter PROGRAM [ARGS...]
 * Installs the smallest seccomp filter (load nr, return ALLOW), then execs PROGRAM.
 * Running `sysloop getppid` under it measures what merely having a seccomp filter
 * costs a passthrough syscall on this kernel (the syscall leaves the fast path):
 * the floor for safehouse's passthrough row. */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: allow_filter PROGRAM [ARGS...]\n");
        return 2;
    }
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = { sizeof code / sizeof code[0], code };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("allow_filter: seccomp");
        return 1;
    }
    execv(argv[1], argv + 1);
    perror("allow_filter: execv");
    return 127;
}
