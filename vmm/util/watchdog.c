// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "watchdog.h"

#define WD_REKICK_NS	(10 * 1000 * 1000)	/* re-kick every 10 ms until disarmed */

static __thread struct kvm_run *volatile wd_run;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static int wd_signo;

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
	return 0;
}

void watchdog_disarm(struct watchdog *wd, struct kvm_run *run)
{
	if (!wd->armed)
		return;
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
