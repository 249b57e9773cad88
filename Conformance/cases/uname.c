// syscalls: uname
// expect: same
// normalize: nodename=
// expect-sandbox: nodename=sandbox
#include "common.h"
#include <sys/utsname.h>

int main(void) {
    struct utsname u;
    MUST(uname(&u));
    printf("sysname=%s\n", u.sysname);
    printf("nodename=%s\n", u.nodename);
    printf("machine=%s\n", u.machine);
    FACT("release present", u.release[0] >= '1' && u.release[0] <= '9' && strchr(u.release, '.'));
    FACT("version present", u.version[0] != '\0');
    char host[256];
    MUST(gethostname(host, sizeof host));
    FACT("gethostname matches nodename", strcmp(host, u.nodename) == 0);
    REPORT("uname(NULL)", uname(NULL));
    return 0;
}
