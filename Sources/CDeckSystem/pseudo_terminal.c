#define _GNU_SOURCE
#include "pseudo_terminal.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int deck_pty_open(unsigned short columns, unsigned short rows, char *name, size_t size) {
    int controller = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (controller < 0) return -1;
    if (grantpt(controller) != 0 || unlockpt(controller) != 0 || ptsname_r(controller, name, size) != 0) {
        close(controller);
        return -1;
    }
    struct winsize window = { .ws_row = rows, .ws_col = columns };
    ioctl(controller, TIOCSWINSZ, &window);
    return controller;
}

short deck_spawn_setsid_flag(void) {
#if defined(POSIX_SPAWN_SETSID)
    return POSIX_SPAWN_SETSID;
#else
    return 0;
#endif
}

int deck_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
