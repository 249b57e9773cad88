// syscalls: fchmodat utimensat newfstatat statx openat getdents64 fchdir mkdir symlinkat unlinkat vfork execve wait4
// expect: same
/* chmod, touch and stat as uid 1000: chmod -R with symbolic modes (u+x,g-w,o=, a+X only on
 * directories and already-executable files, = with copies like g=u), octal, setgid and sticky
 * bits on directories and files (setgid on a file of the own group kept), chmod -R stopping on
 * an unreadable directory (message), --reference; touch -d with fixed dates (fractions, time
 * zones, @epoch), -t, -r, -m/-a separately (only the chosen time moves: the other is compared,
 * not printed), -h on a symlink, -c on a missing name, on a directory; stat -c '%a %A %h %s %Y
 * %X %F' for files (directory sizes are the file system's), and stat -L / --printf. */
#include "tool_util.h"

int main(void) {
    enter("chmod");
    sh("build",
       "set -e; mkdir -p t/d1/d2 t/locked/in\n"
       "printf 'x' > t/f644; printf 'xy' > t/d1/f600; printf '#!/bin/sh\\n' > t/d1/d2/exe\n"
       "chmod 600 t/d1/f600; chmod 711 t/d1/d2/exe; ln -s f644 t/link; : > t/locked/in/z\n");
    sh("chmod -R u+x,g-w,o= t", "chmod -R u+x,g-w,o= t && find t -printf '%m %y %P\\n' | sort -k3");
    sh("chmod -R a+X (directories and executables only)",
       "chmod -R a-x,u+x t/d1 && chmod 640 t/d1/f600 && chmod -R a+X t && find t -printf '%m %P\\n' | sort -k2");
    sh("g=u and o=g copies", "chmod g=u t/f644 && chmod o=g t/f644 && stat -c '%a %A' t/f644");
    sh("octal, setgid, sticky, setuid", "chmod 2755 t/d1 && chmod 1777 t/d1/d2 && chmod 4755 t/d1/d2/exe && "
       "chmod 2644 t/d1/f600 && stat -c '%a %A %n' t/d1 t/d1/d2 t/d1/d2/exe t/d1/f600");
    sh("new entries in a setgid directory", "mkdir t/d1/sub && : > t/d1/new && stat -c '%a %n' t/d1/sub t/d1/new");
    sh("chmod -R on an unreadable directory",
       "chmod 300 t/locked && chmod -R go-rwx t/locked; echo status $?; chmod 755 t/locked");
    sh("chmod --reference", "chmod --reference=t/d1/d2/exe t/f644 && stat -c '%a' t/f644");
    sh("chmod of a symlink changes the target", "chmod 604 t/link && stat -c '%a %F' t/f644 t/link; stat -L -c '%a' t/link");
    sh("chmod -c and -v", "chmod -v 644 t/f644; chmod -c 644 t/f644; chmod -c 600 t/f644");
    sh("chmod invalid mode / missing file", "chmod 8777 t/f644; echo status $?; chmod u+z t/f644; echo status $?; "
       "chmod 644 t/none; echo status $?");
    sh("touch -d fixed dates",
       "touch -d '2001-09-09 01:46:40' a; touch -d '1970-01-01 00:00:01.5' b; touch -d '2038-01-19 03:14:08' c; "
       "touch -d '@1234567890.123456789' d; touch -d '2020-02-29 12:00 +0530' e; touch -d '1969-12-31 23:59:59' f; "
       "touch -t 199912312359.59 g; stat -c '%Y %y %n' a b c d e f g");
    sh("touch -m moves only the mtime",
       "touch -d '2000-01-01' m && touch -m -d '2010-01-01' m && stat -c '%X %Y' m");
    sh("touch -a moves only the atime",
       "touch -d '2000-01-01' m && touch -a -d '2011-01-01' m && stat -c '%X %Y' m");
    sh("touch -r copies both", "touch -r d r && stat -c '%X %Y' r d");
    sh("touch -h on a symlink", "ln -s a slink && touch -h -d '1980-05-05' slink && stat -c '%Y %F' slink a");
    sh("touch without -h follows", "ln -s b slink2 && touch -d '1981-01-01' slink2 && stat -c '%Y' b");
    sh("touch -c on a missing name", "touch -c none; echo status $?; [ -e none ] || echo absent");
    sh("touch a directory", "mkdir tdir && touch -d '1999-09-09' tdir && stat -c '%Y %F' tdir");
    sh("touch now is later than a fixed past date", "touch -d '2000-01-01' old && touch now && [ now -nt old ] && echo newer");
    sh("touch in a read-only directory", "mkdir rod && chmod 555 rod && touch rod/x; echo status $?");
    sh("stat -c on files", "stat -c '%a %A %h %s %Y %F %n' a b; stat -c '%a %A %h %s %F %n' t/f644 t/d1/d2/exe t/link");
    sh("stat -L and --printf", "stat -L -c '%s %F' t/link; stat --printf='%n:%a\\n' t/f644 t/d1/f600");
    sh("stat of a directory (no size)", "stat -c '%a %h %F %n' t t/d1 t/d1/d2");
    sh("stat of a missing file", "stat none; echo status $?");
    leave();
    return 0;
}
