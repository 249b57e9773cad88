// syscalls: setuid setgid setreuid setregid setresuid setresgid setfsuid setfsgid getresuid getresgid prctl
// expect: same
/* Setting one's own ids in every form succeeds and changes nothing; root, nobody and another
 * user are EPERM; a failed call leaves all three ids alone. setfsuid/setfsgid never fail: they
 * return the previous fs id, take an own id, ignore another one and -1 only queries. Setting
 * own ids keeps the process dumpable (a real change would clear it). Natively the case first
 * becomes uid/gid 1000 with no groups (the sandbox's guest). */
#include "common.h"
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>

static uid_t U;
static gid_t G;

static void check(const char *label) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    MUST(getresuid(&r, &e, &s));
    MUST(getresgid(&gr, &ge, &gs));
    int fsu = setfsuid(-1), fsg = setfsgid(-1);
    printf("  after %s: uids own %s, gids own %s, fs ids own %s\n", label,
           r == U && e == U && s == U ? "yes" : "no", gr == G && ge == G && gs == G ? "yes" : "no",
           fsu == (int)U && fsg == (int)G ? "yes" : "no");
}

#define TRY(label, expr) do { REPORT(label, expr); check(label); } while (0)

int main(void) {
    if (getuid() == 0) MUST(setgroups(0, NULL) == 0 && setgid(1000) == 0 && setuid(1000) == 0 ? 0 : -1);
    U = getuid();
    G = getgid();
    MUST(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
    TRY("setuid(own)", setuid(U));
    TRY("setuid(0)", setuid(0));
    TRY("setuid(65534)", setuid(65534));
    TRY("setuid(own + 1)", setuid(U + 1));
    TRY("setgid(own)", setgid(G));
    TRY("setgid(0)", setgid(0));
    TRY("setgid(65534)", setgid(65534));
    TRY("setreuid(own, own)", setreuid(U, U));
    TRY("setreuid(-1, -1)", setreuid(-1, -1));
    TRY("setreuid(own, -1)", setreuid(U, -1));
    TRY("setreuid(0, own)", setreuid(0, U));
    TRY("setreuid(own, 65534)", setreuid(U, 65534));
    TRY("setregid(own, own)", setregid(G, G));
    TRY("setregid(-1, 0)", setregid(-1, 0));
    TRY("setregid(65534, -1)", setregid(65534, -1));
    TRY("setresuid(own, own, own)", setresuid(U, U, U));
    TRY("setresuid(-1, own, -1)", setresuid(-1, U, -1));
    TRY("setresuid(-1, -1, -1)", setresuid(-1, -1, -1));
    TRY("setresuid(own, own, 0)", setresuid(U, U, 0));
    TRY("setresuid(65534, -1, -1)", setresuid(65534, -1, -1));
    TRY("setresgid(own, own, own)", setresgid(G, G, G));
    TRY("setresgid(-1, -1, own)", setresgid(-1, -1, G));
    TRY("setresgid(0, own, own)", setresgid(0, G, G));
    TRY("setresgid(-1, 65534, -1)", setresgid(-1, 65534, -1));
    FACT("setfsuid(own) returns own", setfsuid(U) == (int)U);
    FACT("setfsuid(0) returns own", setfsuid(0) == (int)U);
    FACT("setfsuid(65534) returns own", setfsuid(65534) == (int)U);
    FACT("setfsuid(-1) returns own", setfsuid(-1) == (int)U);
    FACT("setfsgid(own) returns own", setfsgid(G) == (int)G);
    FACT("setfsgid(0) returns own", setfsgid(0) == (int)G);
    FACT("setfsgid(-1) returns own", setfsgid(-1) == (int)G);
    check("setfs*id");
    printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    return 0;
}
