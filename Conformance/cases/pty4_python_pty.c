// syscalls: execve openat ioctl read write wait4 clone setsid
// expect: same
/* Python's pty module (run as /usr/bin/python3): pty.openpty (both ends ttys, os.ttyname of the
 * slave under /dev/pts/, a round trip), pty.fork (the child is a session leader with the pty as
 * controlling terminal and stdin/stdout; the parent reads its output, then EIO at the end),
 * tty.setraw, os.get_terminal_size, and os.openpty. */
#include "tool_util.h"

static const char *prog =
    "cat > t.py <<'EOF'\n"
    "import os, pty, tty, termios, struct, fcntl, sys\n"
    "m, s = pty.openpty()\n"
    "print('isatty', os.isatty(m), os.isatty(s))\n"
    "print('ttyname pts', os.ttyname(s).startswith('/dev/pts/'))\n"
    "os.write(m, b'hello\\n')\n"
    "print('slave got', os.read(s, 100))\n"
    "print('master echo', os.read(m, 100))\n"
    "fcntl.ioctl(m, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))\n"
    "print('size', os.get_terminal_size(s))\n"
    "tty.setraw(s)\n"
    "a = termios.tcgetattr(s)\n"
    "print('raw icanon', bool(a[3] & termios.ICANON), 'echo', bool(a[3] & termios.ECHO))\n"
    "os.close(s); os.close(m)\n"
    "m2, s2 = os.openpty()\n"
    "print('os.openpty inheritable', os.get_inheritable(m2), os.get_inheritable(s2))\n"
    "os.close(m2); os.close(s2)\n"
    "sys.stdout.flush()\n"
    "pid, fd = pty.fork()\n"
    "if pid == 0:\n"
    "    print('child tty', os.isatty(0), os.isatty(1), os.ttyname(1).startswith('/dev/pts/'))\n"
    "    print('child leader', os.getsid(0) == os.getpid())\n"
    "    print('child fg', os.tcgetpgrp(0) == os.getpgrp())\n"
    "    t = os.open('/dev/tty', os.O_RDWR); print('child /dev/tty ok'); os.close(t)\n"
    "    sys.stdout.flush()\n"
    "    os._exit(3)\n"
    "out = b''\n"
    "while True:\n"
    "    try:\n"
    "        b = os.read(fd, 1024)\n"
    "    except OSError as e:\n"
    "        print('parent read end:', os.strerror(e.errno)); break\n"
    "    if not b:\n"
    "        print('parent read end: EOF'); break\n"
    "    out += b\n"
    "print(out.decode().replace('\\r\\n', '|'))\n"
    "_, st = os.waitpid(pid, 0)\n"
    "print('child status', os.waitstatus_to_exitcode(st))\n"
    "EOF\n"
    "/usr/bin/python3 t.py";

int main(void) {
    enter("pty4-python");
    sh("pty module", prog);
    leave();
    return 0;
}
