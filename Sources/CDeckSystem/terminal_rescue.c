#include "terminal_rescue.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

// Written once by deck_rescue_arm on the UI thread before any handler can run; only read by handlers.
static struct termios saved_settings;
static volatile sig_atomic_t saved_fd = -1;
static char restore_bytes[128];
static size_t restore_length;
static struct sigaction previous_actions[NSIG];
static const int rescued_signals[] = {SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
#define RESCUED_COUNT (sizeof(rescued_signals) / sizeof(rescued_signals[0]))

static void rescue(int number) {
    int saved_errno = errno;
    int fd = saved_fd;
    if (fd >= 0) {
        saved_fd = -1;  // once is enough, even if a second signal arrives
        tcsetattr(fd, TCSANOW, &saved_settings);
        ssize_t unused = write(fd, restore_bytes, restore_length);
        (void)unused;
    }
    // A fatal signal goes on to the previous handler (Swift's backtracer prints where it crashed, then
    // dies of it) or the default action: for a fault, returning re-runs the faulting instruction, which
    // now goes there. SIGQUIT (Ctrl-\) gets its default action, which ends the process: the backtracer
    // would print a backtrace and let it run on with the terminal already restored. A raised signal is
    // blocked while this handler runs and is delivered as it returns.
    if (number == SIGQUIT) {
        signal(SIGQUIT, SIG_DFL);
    } else {
        sigaction(number, &previous_actions[number], NULL);
    }
    errno = saved_errno;
    if (number == SIGQUIT || number == SIGABRT || number == SIGTRAP) raise(number);
}

int deck_rescue_arm(int fd, const char *restore, size_t length) {
    if (tcgetattr(fd, &saved_settings) != 0) return -1;
    if (length > sizeof(restore_bytes)) length = sizeof(restore_bytes);
    memcpy(restore_bytes, restore, length);
    restore_length = length;
    saved_fd = fd;
    for (size_t i = 0; i < RESCUED_COUNT; i++) {
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = rescue;
        sigemptyset(&action.sa_mask);
        sigaction(rescued_signals[i], &action, &previous_actions[rescued_signals[i]]);
    }
    return 0;
}

void deck_rescue_disarm(void) {
    saved_fd = -1;
    for (size_t i = 0; i < RESCUED_COUNT; i++) {
        sigaction(rescued_signals[i], &previous_actions[rescued_signals[i]], NULL);
    }
}
