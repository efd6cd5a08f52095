#include "terminal_rescue.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

// Written once by deck_rescue_arm on the UI thread before any handler can run; only read by handlers.
static struct termios saved_settings;
static volatile sig_atomic_t saved_fd = -1;
static char restore_bytes[128];
static size_t restore_length;
static struct sigaction previous_actions[NSIG];
static unsigned char installed[NSIG];
// SIGQUIT, and every signal whose default action ends the process with a core dump (signal(7)) that a
// running program can receive: from a fault of its own, from abort(), or from `kill` by anyone.
static const int rescued_signals[] = {SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS, SIGXCPU, SIGXFSZ};
#define RESCUED_COUNT (sizeof(rescued_signals) / sizeof(rescued_signals[0]))

// The alternate signal stack of the thread that armed the rescue (the UI thread): a stack overflow there
// leaves no room on the thread's own stack for a handler frame. sigaltstack(2) is per thread: the worker
// threads (Thread, Dispatch, the concurrency pool) have none, so a stack overflow on one of them cannot run
// this handler and the kernel kills the process with SIGSEGV, terminal unrestored. Any other fault there
// (and every signal sent with `kill`) still runs the handler on that thread's own stack.
// 64 KiB plus the system's minimum: the previous handler (Swift's backtracer) runs on it too. mmap'd, so
// pages the handler never touches cost no memory.
#define ALTERNATE_STACK_EXTRA (64 * 1024)
static void *alternate_stack;

// What the handler kills before the process dies: each slot a `kill` target (a process group as minus its
// id, a single child as its pid), 0 when free. Filled and cleared with atomics from Swift; only read here.
#define KILL_SLOTS 256
static int kill_targets[KILL_SLOTS];
// Whether the handlers stay installed for the children (deck_rescue_guard_children), terminal or not.
// Both only under `setup_lock` (arm, disarm and guard may run on different threads; the handler reads neither).
static int children_guarded;
static int handlers_installed;
static pthread_mutex_t setup_lock = PTHREAD_MUTEX_INITIALIZER;

static void call_previous(int number, siginfo_t *info, void *context) {
    struct sigaction *previous = &previous_actions[number];
    if (previous->sa_flags & SA_SIGINFO) {
        if (previous->sa_sigaction != NULL) previous->sa_sigaction(number, info, context);
    } else if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN && previous->sa_handler != NULL) {
        previous->sa_handler(number);
    }
}

static void rescue(int number, siginfo_t *info, void *context) {
    // The children first: a watched program or a lesson's child must not outlive daemondeck (kill(2) is
    // async-signal-safe; a slot already 0 is skipped, and kill of a target already gone fails harmlessly).
    for (size_t i = 0; i < KILL_SLOTS; i++) {
        int target = __atomic_load_n(&kill_targets[i], __ATOMIC_SEQ_CST);
        if (target != 0) kill(target, SIGKILL);
    }
    int fd = __atomic_exchange_n(&saved_fd, -1, __ATOMIC_SEQ_CST);  // once is enough, even for two crashing threads
    if (fd >= 0) {
        tcsetattr(fd, TCSANOW, &saved_settings);
        ssize_t unused = write(fd, restore_bytes, restore_length);
        (void)unused;
    }
    // A fatal signal first goes to whoever handled it before (Swift's backtracer prints where it crashed)
    // with the fault's own siginfo and context. SIGQUIT (Ctrl-\) does not: the backtracer would print a
    // backtrace and let the process run on with the terminal already restored.
    if (number != SIGQUIT) call_previous(number, info, context);
    // Then the default action, whatever that handler did or did not do: returning would re-run a faulting
    // instruction, but for a signal sent with `kill` it would just carry on, with the screen gone. So, as
    // sigaction(2) and signal(7) describe it: default disposition, unblock (a handler runs with its own
    // signal blocked), raise. The process ends as if never handled: status 128+N, core where it dumps.
    struct sigaction fallback;
    memset(&fallback, 0, sizeof(fallback));
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(number, &fallback, NULL);
    sigset_t just_this;
    sigemptyset(&just_this);
    sigaddset(&just_this, number);
    pthread_sigmask(SIG_UNBLOCK, &just_this, NULL);
    raise(number);
    // Not reached for these signals; if it were, leaving by _exit keeps "128+N" honest for the shell.
    _exit(128 + number);
}

static void arm_alternate_stack(void) {
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;  // the runtime gave one
    long minimum = sysconf(_SC_MINSIGSTKSZ);
    size_t size = (size_t)(minimum > 0 ? minimum : 16384) + ALTERNATE_STACK_EXTRA;
    if (alternate_stack == NULL) {
        void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (memory == MAP_FAILED) return;  // no alternate stack: every case but a stack overflow still works
        alternate_stack = memory;
    }
    stack_t stack = { .ss_sp = alternate_stack, .ss_flags = 0, .ss_size = size };
    sigaltstack(&stack, NULL);
}

int deck_signal_is_ignored(int number) {
    struct sigaction current;
    if (sigaction(number, NULL, &current) != 0) return 0;
    return !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN;
}

static void install_handlers(void) {
    if (handlers_installed) return;
    handlers_installed = 1;
    for (size_t i = 0; i < RESCUED_COUNT; i++) {
        int number = rescued_signals[i];
        installed[number] = 0;
        // An ignored SIGQUIT was ignored by whoever started us (nohup-style): it stays ignored.
        if (number == SIGQUIT && deck_signal_is_ignored(number)) continue;
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_sigaction = rescue;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        if (sigaction(number, &action, &previous_actions[number]) == 0) installed[number] = 1;
    }
}

int deck_rescue_arm(int fd, const char *restore, size_t length) {
    if (tcgetattr(fd, &saved_settings) != 0) return -1;
    if (length > sizeof(restore_bytes)) length = sizeof(restore_bytes);
    memcpy(restore_bytes, restore, length);
    restore_length = length;
    arm_alternate_stack();
    saved_fd = fd;
    pthread_mutex_lock(&setup_lock);
    install_handlers();
    pthread_mutex_unlock(&setup_lock);
    return 0;
}

void deck_rescue_disarm(void) {
    saved_fd = -1;
    pthread_mutex_lock(&setup_lock);
    if (children_guarded || !handlers_installed) {  // the children still need the handlers
        pthread_mutex_unlock(&setup_lock);
        return;
    }
    for (size_t i = 0; i < RESCUED_COUNT; i++) {
        int number = rescued_signals[i];
        if (installed[number]) sigaction(number, &previous_actions[number], NULL);
        installed[number] = 0;
    }
    handlers_installed = 0;
    pthread_mutex_unlock(&setup_lock);
}

void deck_rescue_guard_children(void) {
    pthread_mutex_lock(&setup_lock);
    children_guarded = 1;
    install_handlers();
    pthread_mutex_unlock(&setup_lock);
}

int deck_rescue_add_kill_target(int target) {
    for (size_t i = 0; i < KILL_SLOTS; i++) {
        int expected = 0;
        if (__atomic_compare_exchange_n(&kill_targets[i], &expected, target, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return 0;
    }
    return -1;
}

void deck_rescue_remove_kill_target(int target) {
    for (size_t i = 0; i < KILL_SLOTS; i++) {
        int expected = target;
        if (__atomic_compare_exchange_n(&kill_targets[i], &expected, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
    }
}
