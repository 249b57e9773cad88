// syscalls: arch_prctl
// expect: same
#include "common.h"
#include <asm/prctl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>

static void *thread_fs(void *arg) {
    unsigned long fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
    *(int *)arg = fs == (unsigned long)pthread_self();
    return (void *)fs;
}

/* arch_prctl: FS base is the thread pointer; GS writes read back; bad codes fail. */
int main(void) {
    unsigned long fs = 0, gs = 1;
    REPORT("ARCH_GET_FS", syscall(SYS_arch_prctl, ARCH_GET_FS, &fs));
    FACT("FS base == pthread_self()", fs == (unsigned long)pthread_self());
    unsigned long tp;
    __asm__("mov %%fs:0, %0" : "=r"(tp));
    FACT("FS base == %fs:0 self pointer", fs == tp);
    REPORT("ARCH_GET_GS", syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    printf("initial GS base: %lu\n", gs);
    static char area[64];
    REPORT("ARCH_SET_GS", syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)area));
    MUST(syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    FACT("GS base reads back", gs == (unsigned long)area);
    MUST(syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL));
    int same = 0;
    pthread_t t;
    void *tfs;
    pthread_create(&t, NULL, thread_fs, &same);
    pthread_join(t, &tfs);
    FACT("thread FS base == its pthread_self", same);
    FACT("thread FS base differs from main", (unsigned long)tfs != fs);
    REPORT("ARCH_SET_FS non-canonical", syscall(SYS_arch_prctl, ARCH_SET_FS, 0x8000000000000000UL));
    REPORT("arch_prctl bad code", syscall(SYS_arch_prctl, 0x9999, &gs));
    REPORT("ARCH_GET_FS bad pointer", syscall(SYS_arch_prctl, ARCH_GET_FS, (unsigned long *)8));
    unsigned long cpuid = 0;
    long r = syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
    printf("ARCH_GET_CPUID: %ld\n", r);
    (void)cpuid;
    return 0;
}
