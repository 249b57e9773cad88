// TIOCSTI pushes bytes into a terminal's input queue; it must be denied whatever the upper half
// of the request register holds (the kernel truncates the request to 32 bits).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    char c = 'x';
    unsigned long requests[] = { TIOCSTI, TIOCSTI | (1UL << 32), TIOCSTI | 0xffffffff00000000UL };
    for (int i = 0; i < 3; i++) {
        long r = syscall(SYS_ioctl, 0, requests[i], &c);
        printf("request=%#lx ret=%ld errno=%s\n", requests[i], r, r < 0 ? strerror(errno) : "0");
    }
    return 0;
}
