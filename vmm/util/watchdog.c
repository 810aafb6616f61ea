// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "watchdog.h"

#define WD_REKICK_NS	(10 * 1000 * 1000)	/* re-kick every 10 ms until disarmed */

static __thread struct kvm_run *volatile wd_run;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static int wd_signo;

/*
 * The threads with an armed watchdog, for watchdog_kick_all(): a slot
 * holds a thread ID or 0, taken and freed with atomics (a signal handler
 * reads it).  A check runs about 20 vCPUs at once; a thread that finds no
 * free slot is still under its own deadline, it only misses an early kick.
 */
#define WD_MAX_ARMED	64
static pid_t wd_armed[WD_MAX_ARMED];

static int wd_slot_take(pid_t tid)
{
	int i;

	for (i = 0; i < WD_MAX_ARMED; i++) {
		pid_t none = 0;

		if (__atomic_compare_exchange_n(&wd_armed[i], &none, tid, 0, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return i;
	}
	return -1;
}

void watchdog_kick_all(void)
{
	pid_t pid = getpid();
	int i;

	for (i = 0; i < WD_MAX_ARMED; i++) {
		pid_t tid = __atomic_load_n(&wd_armed[i], __ATOMIC_SEQ_CST);

		/* tgkill: a thread that exited meanwhile gets nothing (ESRCH). */
		if (tid)
			syscall(SYS_tgkill, pid, tid, wd_signo);
	}
}

static void wd_handler(int sig)
{
	struct kvm_run *run = wd_run;

	(void)sig;
	if (run)
		run->immediate_exit = 1;
}

static void wd_install(void)
{
	struct sigaction sa;

	/* A realtime signal nobody else in the process uses; no SA_RESTART. */
	wd_signo = SIGRTMIN + 2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wd_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(wd_signo, &sa, NULL);
}

int watchdog_signal(void)
{
	pthread_once(&wd_once, wd_install);
	return wd_signo;
}

int watchdog_arm(struct watchdog *wd, struct kvm_run *run, unsigned int timeout_ms)
{
	struct sigevent sev;
	struct itimerspec its;
	sigset_t set;

	wd->slot = -1;
	pthread_once(&wd_once, wd_install);
	sigemptyset(&set);
	sigaddset(&set, wd_signo);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = wd_signo;
	sev._sigev_un._tid = gettid();
	if (timer_create(CLOCK_MONOTONIC, &sev, &wd->timer) < 0)
		return -1;

	clock_gettime(CLOCK_MONOTONIC, &wd->deadline);
	wd->deadline.tv_sec += timeout_ms / 1000;
	wd->deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (wd->deadline.tv_nsec >= 1000000000L) {
		wd->deadline.tv_sec++;
		wd->deadline.tv_nsec -= 1000000000L;
	}
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = timeout_ms / 1000;
	its.it_value.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	if (!timeout_ms)
		its.it_value.tv_nsec = 1;
	its.it_interval.tv_nsec = WD_REKICK_NS;

	run->immediate_exit = 0;
	wd_run = run;
	if (timer_settime(wd->timer, 0, &its, NULL) < 0) {
		int e = errno;

		wd_run = NULL;
		timer_delete(wd->timer);
		errno = e;
		return -1;
	}
	wd->armed = 1;
	/* After wd_run is set: a kick from now on sets immediate_exit. */
	wd->slot = wd_slot_take(gettid());
	return 0;
}

void watchdog_disarm(struct watchdog *wd, struct kvm_run *run)
{
	if (!wd->armed)
		return;
	if (wd->slot >= 0)
		__atomic_store_n(&wd_armed[wd->slot], 0, __ATOMIC_SEQ_CST);
	wd->slot = -1;
	/* Deleting the timer cancels it; a signal already queued finds wd_run NULL. */
	timer_delete(wd->timer);
	wd_run = NULL;
	run->immediate_exit = 0;
	wd->armed = 0;
}

int watchdog_expired(const struct watchdog *wd)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > wd->deadline.tv_sec ||
	       (now.tv_sec == wd->deadline.tv_sec && now.tv_nsec >= wd->deadline.tv_nsec);
}
