// syscalls: bpf
// expect: differs natively as root (an invalid command gives EINVAL); the sandbox denies it
// expect-sandbox: bpf: EPERM
#include "common.h"
#include <sys/syscall.h>

int main(void) {
    REPORT("bpf", syscall(SYS_bpf, 0x7fff, NULL, 0));
    return 0;
}
