// syscalls: openat read write newfstatat unlink unlinkat chmod readlink mmap faccessat2 getcwd pipe2 vfork clone execve wait4
// expect: same
/* gcc in the scratch dir (uid 1000): compile and run a tiny program (its output: arguments,
 * a file it writes and reads back, its exit status), separate compilation with -c and a static
 * library made by ar, -MMD dependency files (relative names), -E -P preprocessed output's md5,
 * -save-temps (the .i/.s/.o left in the cwd), -pipe, a compile error (message with file:line),
 * a link error (undefined reference), -o into a read-only directory, and the md5 of the
 * linked executable built twice (no -g: deterministic). */
#include "tool_util.h"

static const char *sources =
    "set -e\n"
    "cat > main.c <<'X'\n"
    "#include <stdio.h>\n"
    "#include \"util.h\"\n"
    "int main(int argc, char **argv) {\n"
    "    for (int i = 1; i < argc; i++) printf(\"arg %d: %s\\n\", i, argv[i]);\n"
    "    FILE *f = fopen(\"out.txt\", \"w\"); fprintf(f, \"square %d\\n\", square(argc + 5)); fclose(f);\n"
    "    char line[64]; f = fopen(\"out.txt\", \"r\"); fgets(line, sizeof line, f); fclose(f);\n"
    "    fputs(line, stdout);\n"
    "    return argc;\n"
    "}\n"
    "X\n"
    "printf 'int square(int);\\n#define TWICE(x) ((x) * 2)\\n' > util.h\n"
    "printf '#include \"util.h\"\\nint square(int x) { return x * x; }\\n' > util.c\n"
    "printf 'int main(void) { return missing_function(); }\\n' > undefined.c\n"
    "printf 'int main(void) {\\n  return 1 +;\\n}\\n' > broken.c\n";

int main(void) {
    enter("gcc");
    sh("sources", sources);
    sh("compile and run", "gcc -O2 -o prog main.c util.c && ./prog one 'two words'; echo status $?; cat out.txt");
    sh("separate compilation and a static library",
       "gcc -c -MMD util.c main.c && ar rcs libutil.a util.o && gcc -o prog2 main.o -L. -lutil && ./prog2 x; "
       "echo status $?; cat main.d util.d; ar t libutil.a");
    sh("-E -P", "gcc -E -P util.c | md5sum; printf 'TWICE(21)\\n' | gcc -E -P -include util.h - | tail -1");
    sh("-save-temps", "mkdir st && cd st && gcc -save-temps -o p ../util.c ../main.c && ls | sort && ./p; echo status $?");
    sh("-pipe", "gcc -pipe -o prog3 main.c util.c && ./prog3 a b c; echo status $?");
    sh("a compile error", "gcc -c broken.c; echo status $?");
    sh("a link error", "gcc -o u undefined.c 2>&1 | grep -o 'undefined reference to .missing_function.' | head -1; "
       "[ -e u ] || echo no output");
    sh("output into a read-only directory", "mkdir ro && chmod 555 ro && gcc -o ro/p main.c util.c; echo status $?");
    sh("the same executable twice", "gcc -O2 -o again main.c util.c && cmp prog again && echo identical && md5sum < again");
    sh("gcc from a subdirectory with a relative include path",
       "mkdir -p sub && cd sub && gcc -I.. -o p ../main.c ../util.c && ./p; [ -e out.txt ] && echo wrote here");
    leave();
    return 0;
}
