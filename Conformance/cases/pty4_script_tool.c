// syscalls: execve openat ioctl read write wait4 clone
// expect: same
/* util-linux script(1) runs a command on a new pty: `script -q -c CMD /dev/null` with stdin
 * /dev/null and stdout a pipe. The output (od -c shows the pty's \r\n), the command sees a
 * terminal on stdin/stdout and a /dev/pts/ name, its exit status is passed back with -e, the
 * typescript file when one is written, and stty inside. */
#include "tool_util.h"

int main(void) {
    enter("pty4-script");
    sh("echo hi", "script -q -c 'echo hi' /dev/null | od -c | sed 's/  */ /g'");
    sh("terminal checks", "script -q -c 'test -t 0 && echo stdin-tty; test -t 1 && echo stdout-tty; "
       "tty | sed \"s|^/dev/pts/[0-9]*$|/dev/pts/N|\"' /dev/null | tr -d '\\r'");
    sh("exit status -e", "script -q -e -c 'exit 7' /dev/null; echo status $?");
    sh("typescript file", "script -q -c 'echo written' ts >/dev/null; grep -c written ts; tr -d '\\r' < ts | grep -v '^Script' ");
    sh("stty in the pty", "script -q -c 'stty -a | tr \" ;\" \"\\n\\n\" | grep -E \"^-?(icanon|echo|onlcr|isig)$\"' /dev/null | tr -d '\\r'");
    sh("controlling terminal", "script -q -c 'sh -c \"echo x > /dev/tty\"' /dev/null | tr -d '\\r'");
    leave();
    return 0;
}
