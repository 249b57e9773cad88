// syscalls: getuid geteuid getgid getegid execve
// expect: same
/* The auxiliary vector a program starts with: AT_PAGESZ, AT_HWCAP present, AT_SECURE 0,
 * AT_UID/EUID/GID/EGID match the ids, AT_EXECFN ends with the binary's name, AT_RANDOM and
 * AT_SYSINFO_EHDR (vDSO) present, AT_PHENT, AT_CLKTCK, AT_PLATFORM, AT_MINSIGSTKSZ plausible. */
#include "common.h"
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

static int ends_with(const char *s, const char *suf) {
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int main(int argc, char **argv) {
    (void)argc;
    printf("AT_PAGESZ: %lu (sysconf agrees: %s)\n", getauxval(AT_PAGESZ), getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE) ? "yes" : "no");
    errno = 0;
    unsigned long hw = getauxval(AT_HWCAP);
    FACT("AT_HWCAP present", hw != 0 || errno == 0);
    errno = 0;
    getauxval(AT_HWCAP2);
    printf("AT_HWCAP2 lookup: %s\n", errno ? errname(errno) : "present");
    printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
    FACT("AT_UID == getuid", getauxval(AT_UID) == getuid());
    FACT("AT_EUID == geteuid", getauxval(AT_EUID) == geteuid());
    FACT("AT_GID == getgid", getauxval(AT_GID) == getgid());
    FACT("AT_EGID == getegid", getauxval(AT_EGID) == getegid());
    const char *fn = (const char *)getauxval(AT_EXECFN);
    FACT("AT_EXECFN present", fn != NULL);
    FACT("AT_EXECFN ends with /env_auxv", fn && ends_with(fn, "/env_auxv"));
    FACT("AT_EXECFN equals argv[0]", fn && strcmp(fn, argv[0]) == 0);
    FACT("AT_EXECFN absolute", fn && fn[0] == '/');
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    FACT("AT_RANDOM non-NULL", rnd != NULL);
    int nz = 0;
    for (int i = 0; rnd && i < 16; i++) nz |= rnd[i];
    FACT("AT_RANDOM bytes not all zero", nz != 0);
    FACT("AT_SYSINFO_EHDR (vDSO) present", getauxval(AT_SYSINFO_EHDR) != 0);
    const ElfW(Ehdr) *vd = (const ElfW(Ehdr) *)getauxval(AT_SYSINFO_EHDR);
    FACT("vDSO has ELF magic", vd && memcmp(vd->e_ident, ELFMAG, SELFMAG) == 0);
    printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
    FACT("AT_PHNUM > 0", getauxval(AT_PHNUM) > 0);
    printf("AT_CLKTCK: %lu\n", getauxval(AT_CLKTCK));
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM: %s\n", plat ? plat : "(none)");
    FACT("AT_ENTRY present", getauxval(AT_ENTRY) != 0);
    FACT("AT_BASE present (dynamic loader)", getauxval(AT_BASE) != 0);
    printf("AT_FLAGS: %lu\n", getauxval(AT_FLAGS));
    errno = 0;
    unsigned long ms = getauxval(51 /* AT_MINSIGSTKSZ */);
    printf("AT_MINSIGSTKSZ: %s\n", errno ? errname(errno) : ms >= 1024 && ms <= 65536 ? "plausible" : "odd");
    errno = 0;
    getauxval(12345);
    printf("unknown type: %s\n", errname(errno));
    /* Walk /proc/self/auxv: same keys as getauxval sees. */
    FILE *f = fopen("/proc/self/auxv", "r");
    if (!f) { printf("/proc/self/auxv: %s\n", errname(errno)); return 0; }
    unsigned long kv[2];
    int n = 0, match = 1;
    char keys[512] = "";
    while (fread(kv, sizeof kv, 1, f) == 1 && kv[0] != AT_NULL) {
        n++;
        if (kv[0] != AT_HWCAP /* glibc answers its own x86 hwcap */ && kv[0] != AT_EXECFN && kv[0] != AT_RANDOM && kv[0] != AT_PLATFORM && kv[0] != AT_BASE_PLATFORM && getauxval(kv[0]) != kv[1]) match = 0;
        char k[16];
        snprintf(k, sizeof k, " %lu", kv[0]);
        strncat(keys, k, sizeof keys - strlen(keys) - 1);
    }
    fclose(f);
    printf("/proc/self/auxv keys:%s\n", keys);
    FACT("/proc/self/auxv values equal getauxval", match);
    return 0;
}
