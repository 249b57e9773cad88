// syscalls: sethostname setdomainname
// expect: differs natively as root (root may set the hostname); the sandbox denies it
// expect-sandbox: sethostname: EPERM
// expect-sandbox: setdomainname: EPERM
#include "common.h"

int main(void) {
    /* Set the current name again, so a native run as root changes nothing. */
    char name[256] = {0}, domain[256] = {0};
    MUST(gethostname(name, sizeof name - 1));
    MUST(getdomainname(domain, sizeof domain - 1));
    REPORT("sethostname", sethostname(name, strlen(name)));
    REPORT("setdomainname", setdomainname(domain, strlen(domain)));
    return 0;
}
